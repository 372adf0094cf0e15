#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh PATCH...: scripts/checkpatch.pl --strict (with codespell)
# from the base tree on each patch.  Only the sign-off check is waived:
# Documentation/process/coding-assistants.rst has agents add Assisted-by:
# and leave Signed-off-by: to the human who submits.
set -euo pipefail

BUILD=${BUILD:-build}
CP=$BUILD/linux-base/scripts/checkpatch.pl
DICT=$(ls /usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt 2>/dev/null ||
       /usr/bin/python3 -c 'import codespell_lib, os; print(os.path.join(os.path.dirname(codespell_lib.__file__), "data", "dictionary.txt"))' 2>/dev/null) ||
	{ echo "checkpatch: codespell's dictionary not found: apt-get install codespell" >&2; exit 1; }
args=(--strict --no-tree --ignore MISSING_SIGN_OFF --show-types --codespell --codespellfile "$DICT")

CP=$(realpath "$CP")
scratch=$(mktemp -d)
trap 'rmdir "$scratch"' EXIT

rc=0
for p in "$@"; do
	if ! grep -q '^Assisted-by: ' "$p"; then
		echo "$(basename "$p"): no Assisted-by: tag"
		rc=1
	fi
	if grep -q '^Signed-off-by: ' "$p"; then
		echo "$(basename "$p"): carries Signed-off-by:, which only the submitter adds"
		rc=1
	fi
	# From an empty directory: inside a git work tree, checkpatch may look
	# at git's idea of the file instead of the patch itself.
	abs=$(realpath "$p")
	out=$(cd "$scratch" && perl "$CP" "${args[@]}" "$abs" 2>&1) || true
	echo "$out"
	# Clean means no error, no warning and no check at all.
	echo "$out" | grep -q "^total: 0 errors, 0 warnings, 0 checks," || rc=1
done
exit $rc
