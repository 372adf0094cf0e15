#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make submit-prep": make a ready-to-send copy of patches/ in
# $BUILD/submit, signed off by the person submitting (git config user.name
# and user.email): a "Signed-off-by:" after each patch's "Assisted-by:"
# (Documentation/process/coding-assistants.rst), and that person as the
# From: of every message.  Finds the recipients with the kernel's
# scripts/get_maintainer.pl and prints the git send-email command.  Sends
# nothing.
set -euo pipefail

. "$(dirname "$0")/common.sh"
PATCHES=${PATCHES:-patches}
SRC=$BUILD/linux-base
OUT=$BUILD/submit

die() { echo "submit-prep: $*" >&2; exit 1; }

name=$(git config user.name || true)
email=$(git config user.email || true)
if [ -z "$name" ] || [ -z "$email" ]; then
	cat >&2 <<-MSG
	submit-prep: git user.name and user.email must be set: each patch gets
	submit-prep: "Signed-off-by: Your Name <you@example.org>" from them, and
	submit-prep: by adding it you certify the Developer's Certificate of Origin
	submit-prep: (Documentation/process/submitting-patches.rst) for the patch.
	submit-prep: Set them, then run make submit-prep again:
	    git config --global user.name "Your Name"
	    git config --global user.email you@example.org
	MSG
	exit 1
fi
# A sign-off certifies the DCO: it must name a person who can be reached,
# not a machine's or a sandbox's default identity.
placeholder=
case $email in
*@localhost | *@localhost.* | *@example.org | *@example.com | *@example.net | \
*.example | *.invalid | *.local | *.test | *noreply*)
	placeholder="the address $email cannot receive mail" ;;
esac
case $name in
"Your Name" | "UML seccomp series" | "$BASE_IDENT" | root | "")
	placeholder="the name \"$name\" is not a person's" ;;
esac
if [ -n "$placeholder" ]; then
	cat >&2 <<-MSG
	submit-prep: git user.name/user.email is "$name <$email>", a placeholder:
	submit-prep: $placeholder.  Signed-off-by: must name the person who
	submits, with a real address.  Set them, then run make submit-prep again:
	    git config --global user.name "Your Name"
	    git config --global user.email you@your.domain
	MSG
	exit 1
fi
sob="Signed-off-by: $name <$email>"
# The From: header, RFC 2047-encoded if the name is not plain ASCII.
from=$(python3 -c 'import sys, email.utils; print(email.utils.formataddr(tuple(sys.argv[1:3]), "utf-8"))' "$name" "$email")

[ -f "$SRC/scripts/get_maintainer.pl" ] || die "no kernel tree at $SRC: run 'make tree' first"
mapfile -t series < <(series_patches "$PATCHES")
[ ${#series[@]} -gt 0 ] || die "no patches in $PATCHES/: run 'make export' first"

mkdir -p "$OUT"
rm -f "$OUT"/*.patch
for p in "$PATCHES"/*.patch; do
	out=$OUT/$(basename "$p")
	case $p in
	*/0000-cover-letter.patch)
		sed "1,/^\$/s/^From: .*/From: $(sed 's/[\/&]/\\&/g' <<<"$from")/" "$p" > "$out"
		continue
		;;
	esac
	grep -q '^Assisted-by: ' "$p" || die "$(basename "$p") has no Assisted-by: line to sign off after"
	# After the last Assisted-by: of the message (before its "---"), unless
	# this very sign-off is there already.
	awk -v sob="$sob" -v from="From: $from" '
		NR == FNR { if (/^---$/) done = 1
			    if (!done && /^Assisted-by: /) at = FNR
			    if (!done && $0 == sob) at = 0
			    next }
		FNR == 1 { hdr = 1 }
		hdr && /^From: / { print from; next }
		hdr && /^$/ { hdr = 0 }
		{ print }
		FNR == at { print sob }' "$p" "$p" > "$out"
done

# Recipients: maintainers To, everyone else (reviewers, lists) Cc.  The
# script wants to run from the top of a kernel tree; the base is one.
files=()
for p in "${series[@]}"; do files+=("$(realpath "$p")"); done
list=$(cd "$SRC" && perl scripts/get_maintainer.pl --no-git --no-git-fallback "${files[@]}") ||
	die "scripts/get_maintainer.pl failed in $SRC"
to=() cc=()
while IFS= read -r line; do
	addr=${line%% (*}
	case $line in
	*" (maintainer:"*) to+=("$addr") ;;
	*) cc+=("$addr") ;;
	esac
done <<<"$list"

# The check that only the submitter's copy can pass: every patch signed off
# by its author.
CP=$(realpath "$SRC/scripts/checkpatch.pl")
scratch=$(mktemp -d)
trap 'rmdir "$scratch"' EXIT
for p in "$OUT"/0*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	abs=$(realpath "$p")
	(cd "$scratch" && perl "$CP" --no-tree --quiet --show-types \
		--types MISSING_SIGN_OFF,FROM_SIGN_OFF_MISMATCH,BAD_SIGN_OFF,DUPLICATED_SIGN_OFF \
		"$abs") || die "$(basename "$p"): sign-off check failed (see above)"
done

q() {	# quote for a shell command line, only where needed
	if [[ $1 =~ ^[A-Za-z0-9@._+-]+$ ]]; then printf '%s' "$1"
	elif [[ $1 == *"'"* ]]; then printf '%q' "$1"
	else printf "'%s'" "$1"; fi
}
n=$(find "$OUT" -maxdepth 1 -name '*.patch' | wc -l)
echo "submit-prep: $n messages in $OUT/, signed off as: $name <$email>"
echo "submit-prep: review them, then send (from $(pwd)) with:"
echo
printf 'git send-email'
for a in "${to[@]}"; do printf ' \\\n\t--to=%s' "$(q "$a")"; done
for a in "${cc[@]}"; do printf ' \\\n\t--cc=%s' "$(q "$a")"; done
printf ' \\\n\t%s/*.patch\n' "$OUT"
echo
git send-email -h >/dev/null 2>&1 || [ $? -eq 129 ] ||
	echo "submit-prep: git send-email is in Debian's git-email package (apt-get install git-email)"
