// SPDX-License-Identifier: GPL-2.0
/* The tiny program that forkexec execs: all its cost is exec and exit. */
int main(void)
{
	return 0;
}
