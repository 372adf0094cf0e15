#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh PATCH...: scripts/checkpatch.pl --strict (with codespell)
# from the base tree on each patch.  Only the sign-off check is waived:
# Documentation/process/coding-assistants.rst has agents add Assisted-by:
# and leave Signed-off-by: to the human who submits; their form,
# "Assisted-by: LLM [TOOL1] [TOOL2]", is checked.
#
# One check is replaced, not waived: our tree has no upstream history, so
# checkpatch cannot find the commits that Fixes: tags name
# (UNKNOWN_COMMIT_ID).  Each "Fixes: <id> ("subject")" and "commit <id>"
# must instead be in data/upstream-commits.txt, id and subject alike.
#
# Another is answered instead of asked: checkpatch asks of every patch that
# adds, moves or deletes a file without touching MAINTAINERS whether
# MAINTAINERS needs updating (FILE_PATH_CHANGES).  Here each such file must
# be covered by an F: pattern of MAINTAINERS in the series' tree, or the
# patch must change MAINTAINERS.
set -euo pipefail
. "$(dirname "$0")/common.sh"

CP=$BUILD/linux-base/scripts/checkpatch.pl
DICT=$(ls /usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt 2>/dev/null ||
       /usr/bin/python3 -c 'import codespell_lib, os; print(os.path.join(os.path.dirname(codespell_lib.__file__), "data", "dictionary.txt"))' 2>/dev/null) ||
	{ echo "checkpatch: codespell's dictionary not found: apt-get install codespell" >&2; exit 1; }
args=(--strict --no-tree --ignore MISSING_SIGN_OFF --ignore UNKNOWN_COMMIT_ID --ignore FILE_PATH_CHANGES --show-types --codespell --codespellfile "$DICT")
KNOWN=$(dirname "$0")/../data/upstream-commits.txt

# Print what is wrong with the commit ids that patch $1 names, if anything.
check_commit_ids() {
	local id subject known

	sed -n '/^---$/q; p' "$1" |
	{ grep -oE '^Fixes: [0-9a-f]{6,40} \(".*"\)$|\bcommit [0-9a-f]{6,40}\b' || true; } |
	while read -r _ id subject; do
		known=$(awk -F'\t' -v id="$id" '!/^#/ && length(id) >= 12 &&
			index($1, substr(id, 1, 12)) == 1 { print $2 }' "$KNOWN")
		if [ -z "$known" ]; then
			echo "$(basename "$1"): commit $id is not in $KNOWN (give 12+ digits; add it there with where it was confirmed)"
		elif [ -n "$subject" ] && [ "$subject" != "(\"$known\")" ]; then
			echo "$(basename "$1"): commit $id is $known, not $subject"
		fi
	done
}

# Print each file that patch $1 adds, moves or deletes and that no F:
# pattern of $BUILD/linux/MAINTAINERS covers, unless the patch changes
# MAINTAINERS itself.
check_file_paths() {
	python3 - "$1" "$BUILD/linux/MAINTAINERS" <<'PY'
import re, sys
patch, maintainers = sys.argv[1], sys.argv[2]
files, cur, touches = [], None, False
for line in open(patch, errors="replace"):
    m = re.match(r"diff --git a/(\S+) b/(\S+)$", line)
    if m:
        cur = m.group(2)
        touches |= cur == "MAINTAINERS"
    elif re.match(r"(new|deleted) file mode ", line) and cur:
        files.append(cur)
    elif re.match(r"rename (from|to) ", line):
        files.append(line.split(None, 2)[2].strip())
if touches:
    sys.exit(0)
# "THE REST" (F: * and F: */) covers everything and is no answer
pats = [l[2:].strip() for l in open(maintainers, errors="replace")
        if l.startswith("F:") and l[2:].strip() not in ("*", "*/")]
def covered(f):
    for p in pats:
        if p.endswith("/") and f.startswith(p):
            return True
        # As in MAINTAINERS, a wildcard does not match across a "/"
        rx = "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c)
                     for c in p)
        if re.fullmatch(rx, f) or f.startswith(p + "/"):
            return True
    return False
for f in files:
    if not covered(f):
        print("%s: adds, moves or deletes %s, which no F: pattern of MAINTAINERS covers"
              % (patch.rsplit("/", 1)[-1], f))
PY
}

CP=$(realpath "$CP")
scratch=$(mktemp -d)
trap 'rmdir "$scratch"' EXIT

rc=0
for p in "$@"; do
	if ! grep -q '^Assisted-by: ' "$p"; then
		echo "$(basename "$p"): no Assisted-by: tag"
		rc=1
	elif grep '^Assisted-by: ' "$p" | grep -qvE "$ASSISTED_BY_RE"; then
		echo "$(basename "$p"): Assisted-by: not in the form \"Assisted-by: LLM [TOOL1] [TOOL2]\" of Documentation/process/coding-assistants.rst"
		rc=1
	fi
	if grep -q '^Signed-off-by: ' "$p"; then
		echo "$(basename "$p"): carries Signed-off-by:, which only the submitter adds"
		rc=1
	fi
	ids=$(check_commit_ids "$p")
	if [ -n "$ids" ]; then
		echo "$ids"
		rc=1
	fi
	paths=$(check_file_paths "$p")
	if [ -n "$paths" ]; then
		echo "$paths"
		rc=1
	fi
	# From an empty directory: inside a git work tree, checkpatch may look
	# at git's idea of the file instead of the patch itself.
	abs=$(realpath "$p")
	out=$(cd "$scratch" && perl "$CP" "${args[@]}" "$abs" 2>&1) || true
	echo "$out"
	# Clean means no error, no warning and no check at all.
	grep -q "^total: 0 errors, 0 warnings, 0 checks," <<<"$out" || rc=1
done
exit $rc
