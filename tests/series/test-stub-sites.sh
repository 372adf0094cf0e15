#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-stub-sites.sh VMLINUX: the table of the stub's call sites
# (.stub_syscall_sites, see __syscall in sysdep/stub_64.h) must hold exactly
# the address after each syscall instruction of the stub's code page, and
# the page must hold no other "syscall" byte pair (0f 05) that its filter
# would then refuse without anyone noticing.  The helper's loop, if the
# stub has one, is the exception: its two calls must not be in the table.
set -uo pipefail
VMLINUX=${1:?usage: test-stub-sites.sh VMLINUX}
[ -f "$VMLINUX" ] || { echo "FAIL: no $VMLINUX"; exit 1; }

python3 - "$VMLINUX" <<'PY'
import re, subprocess, sys

vmlinux = sys.argv[1]

def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout

def dump(start, stop, section=None):
    """Bytes of vmlinux from start to stop, as objdump -s shows them."""
    args = ['objdump', '-s', '--start-address=%#x' % start,
            '--stop-address=%#x' % stop]
    if section:
        args += ['-j', section]
    data = {}
    for line in run(*args, vmlinux).splitlines():
        m = re.match(r'^ ([0-9a-f]+) ((?:[0-9a-f]{2,8} ){1,4})', line)
        if m:
            addr = int(m.group(1), 16)
            raw = bytes.fromhex(m.group(2).replace(' ', ''))
            for i, b in enumerate(raw):
                data[addr + i] = b
    return data

syms = {}
for line in run('nm', vmlinux).splitlines():
    p = line.split()
    if len(p) == 3:
        syms[p[2]] = int(p[0], 16)
start = syms['__syscall_stub_start']
end = syms['__syscall_stub_end']
if '__stub_syscall_sites_start' not in syms:
    print('FAIL: %s has no .stub_syscall_sites table' % vmlinux)
    sys.exit(1)
t0, t1 = syms['__stub_syscall_sites_start'], syms['__stub_syscall_sites_end']

table = dump(t0, t1, '.stub_syscall_sites')
sites = sorted(int.from_bytes(bytes(table[a + i] for i in range(8)), 'little')
               for a in range(t0, t1, 8))

dis = run('objdump', '-d', '--start-address=%#x' % start,
          '--stop-address=%#x' % end, vmlinux)
real = sorted(int(l.split(':')[0], 16) + 2
              for l in dis.splitlines() if re.search(r'\tsyscall\s*$', l))

# The helper's loop (stub_helper_run(), sysdep/stub_64.h) makes its two
# calls from the page too, under a filter of its own: they are not the
# stub's call sites, and the stub's filter must refuse them.
helper = []
if 'stub_helper_loop' in syms:
    h = syms['stub_helper_loop']
    h_end = min(a for a in syms.values() if a > h)
    helper = [r for r in real if h < r <= h_end]
    if len(helper) != 2:
        print('FAIL: %d syscall instructions in the helper\'s loop, not 2' % len(helper))
        sys.exit(1)
    print('helper loop at %#x: calls after %s, not call sites of the stub'
          % (h - start, ' '.join(hex(r - start) for r in helper)))
    if set(helper) & set(sites):
        print('FAIL: the helper\'s calls are in the stub\'s table')
        sys.exit(1)
stub_real = [r for r in real if r not in helper]

page = dump(start, start + 4096)
pairs = sorted(a + 2 for a in page if page.get(a) == 0x0f and page.get(a + 1) == 0x05)

fail = 0
print('stub code page %#x: %d bytes of stub code, %d syscall instructions, '
      '%d table entries, %d "0f 05" pairs on the page'
      % (start, end - start, len(real), len(sites), len(pairs)))
if not real:
    print('FAIL: no syscall instruction found in the stub code')
    fail = 1
if sites != stub_real:
    print('FAIL: table %s != syscall instructions %s'
          % ([hex(s - start) for s in sites], [hex(r - start) for r in stub_real]))
    fail = 1
else:
    print('PASS: the table holds exactly the stub\'s syscall instructions: %s'
          % ' '.join(hex(s - start) for s in sites))
stray = [p for p in pairs if p not in real]
if stray:
    print('FAIL: "0f 05" on the page outside the syscall instructions, after %s'
          % [hex(p - start) for p in stray])
    fail = 1
else:
    print('PASS: no other "0f 05" byte pair on the page')
sys.exit(fail)
PY
