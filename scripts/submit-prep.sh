#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make submit-prep": the series as mails ready to send, in $BUILD/submit,
# signed off by the person submitting (git config user.name and
# user.email), who is also their From: and the patches' author.  Sends
# nothing.  b4 (Debian's b4 package, 0.12 in Debian 12) does the mail work
# in a clone of the kernel tree, $BUILD/submit-git:
#
#   b4 prep -n          the prep branch b4/$SLUG on the base, its cover
#                       letter commit and tracking (change-id, version);
#   b4 prep -c          (--auto-to-cc) To:/Cc: from get_maintainer.pl;
#   b4 prep --compare-to vN-1
#                       for version N > 1: the range-diff to the version
#                       sent before, if it was sent with b4 send from
#                       $BUILD/submit-git (which tags it sent/$SLUG-vN-1);
#   b4 send -o          the messages, written to $BUILD/submit, not sent.
#
# What is still done here, and why:
# - the cover letter's text and the tracking's change-id and version are
#   written into b4's cover commit (the format "b4 prep -n" made, with
#   b4's own tracking JSON): b4 prep only offers an editor for the cover
#   letter (--edit-cover) and makes a new random change-id every time;
#   the cover's subject and text come from patches/0000-cover-letter.patch
#   and the change-id is $SUBMIT_CHANGE_ID (scripts/common.sh), the same
#   for every version;
# - the sign-off: b4 0.12 has no option to add one to the commits, so
#   "git commit --amend --reset-author -s" on each as git am applies it,
#   which makes the submitter the author too, after the patch's
#   Assisted-by: (Documentation/process/coding-assistants.rst);
# - the check: b4 0.12 has no "b4 prep --check" (b4 0.13 added it), so
#   the kernel's checkpatch.pl checks the sign-offs of the written mails
#   (the full checkpatch runs in make check);
# - the refusal of placeholder identities below.
#
# The series is patches/ (what make check checked), applied with git am
# on the base commit of $BUILD/linux, not whatever $BUILD/linux holds.
# No network: b4 send -o runs with a local sendemail.smtpserver (never
# contacted for -o), so b4 does not pick kernel.org's web endpoint, and
# with --no-sign (patatt would need a key).
set -euo pipefail

. "$(dirname "$0")/common.sh"
PATCHES=${PATCHES:-patches}
COVER=$PATCHES/0000-cover-letter.patch
SRC=$BUILD/linux-base
TREE=$BUILD/linux
GIT=$(realpath -m "$BUILD/submit-git")
OUT=$(realpath -m "$BUILD/submit")
VERSION=${SUBMIT_VERSION:-1}
# The prep branch is b4/$SLUG, b4 send's tags sent/$SLUG-vN
SLUG=uml-seccomp-notif

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

command -v b4 >/dev/null ||
	die "b4 not found: apt-get install b4 (or run scripts/deps.sh as root)"
[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run 'make tree' first"
base=$(git -C "$TREE" rev-parse -q --verify 'base^{commit}') ||
	die "$TREE has no commit 'base': run 'make tree' first"
mapfile -t series < <(series_patches "$PATCHES")
[ ${#series[@]} -gt 0 ] || die "no patches in $PATCHES/: run 'make export' first"
[ -f "$COVER" ] || die "no $COVER: run 'make export' first"
for p in "${series[@]}"; do
	awk '/^---$/ { exit 1 } /^Assisted-by: / { found = 1 } END { exit !found }' "$p" ||
		die "$(basename "$p") has no Assisted-by: line to sign off after"
	! grep '^Assisted-by: ' "$p" | grep -qvE "$ASSISTED_BY_RE" ||
		die "$(basename "$p"): Assisted-by: is not \"Assisted-by: LLM [TOOL1] [TOOL2]\" (Documentation/process/coding-assistants.rst)"
done
# What the list reads names nothing of the workbench, and each fix has
# the record coding-assistants.rst asks for in the cover letter
text=$("$(dirname "$0")/series-text.sh" "$PATCHES" 2>&1) ||
	{ echo "$text" >&2; die "the series is not ready to send (above)"; }
case $VERSION in
[1-9] | [1-9][0-9]) ;;
*) die "SUBMIT_VERSION=$VERSION: a version number (1, 2, ...) please" ;;
esac
t0=$(date +%s)

# The cover letter as b4 keeps it: subject, blank line, text; the same
# subject and text as export.sh keeps (b4 adds shortlog and diffstat).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
{
	sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$COVER" | head -1
	echo
	awk 'hdr && /^[^ \t].* \([0-9]+\):$/ { exit }
	     hdr { print }
	     !hdr && /^$/ { hdr = 1 }' "$COVER" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
} > "$scratch/cover"
[ -n "$(head -1 "$scratch/cover")" ] || die "$COVER has no Subject: [PATCH ...] line"

# The clone: kept between runs (b4 send keeps its sent/ tags there); the
# prep branch is made again every time.
log=$scratch/log
if [ ! -d "$GIT/.git" ]; then
	rm -rf "$GIT"
	git clone -q --shared --no-checkout "$TREE" "$GIT" || die "cannot clone $TREE to $GIT"
fi
g() { git -C "$GIT" "$@"; }
b4q() {	# b4 in the clone, its chatter in $log, shown if it fails
	(cd "$GIT" && b4 "$@") >"$log" 2>&1 || { sed 's/^/  | /' "$log" >&2; die "b4 $* failed (above)"; }
}
# A sparse checkout, a few MB instead of the kernel's 1.8 GB: the files at
# the top, scripts/ (get_maintainer.pl), what the patches touch, and a
# file in each directory get_maintainer.pl checks for to be sure it runs
# in a kernel tree.
mapfile -t paths < <(sed -n 's|^diff --git a/\([^ ]*\) b/\([^ ]*\)$|/\1\n/\2|p' "${series[@]}" | sort -u)
g sparse-checkout set --no-cone '/*' '!/*/' /scripts/ /Documentation/Makefile /arch/Kconfig \
	/include/Kbuild /drivers/Makefile /fs/Makefile /init/Makefile /ipc/Makefile \
	/kernel/Makefile /lib/Makefile "${paths[@]}" || die "git sparse-checkout failed in $GIT"
[ -d "$GIT/.git/rebase-apply" ] && { g am --abort 2>/dev/null || g rebase --abort 2>/dev/null || true; }
[ -d "$GIT/.git/rebase-merge" ] && { g rebase --abort 2>/dev/null || true; }
g checkout -q -f -B submit-base "$base" || die "cannot check out the base in $GIT"
g clean -q -fdx
# The prep branch of the last run goes, but not what b4 send recorded in
# its tracking: the Message-Ids of the versions it sent ("history").
: > "$scratch/old"
if old=$(g log -1 --format=%H -F --grep='--- b4-submit-tracking ---' "b4/$SLUG" -- 2>/dev/null) && [ -n "$old" ]; then
	g show -s --format=%B "$old" > "$scratch/old"
fi
g branch -q -D "b4/$SLUG" 2>/dev/null || true
# The submitter is the committer, author and sender (b4 takes the From:
# from user.name and user.email).  Recipients as "make submit-prep" always
# chose them: maintainers To, reviewers and lists Cc (b4's default sends
# To the reviewers too).  --nofixes: the clone has no upstream history to
# find the authors of the commits that Fixes: names (it only makes
# get_maintainer.pl slower and complain).
g config user.name "$name"
g config user.email "$email"
gm="scripts/get_maintainer.pl --nogit --nogit-fallback --nogit-chief-penguins --norolestats --nofixes"
g config b4.send-auto-to-cmd "$gm --nol --nor"
g config b4.send-auto-cc-cmd "$gm --nom"

b4q prep -n "$SLUG" -f submit-base
# Fill in b4's cover commit: our subject and text, the series' change-id
# and the version, in b4's own tracking block, with the history of the
# versions sent before (for the "Link to vN" lines below).
g show -s --format=%B HEAD > "$scratch/b4cover"
python3 - "$scratch/b4cover" "$scratch/cover" "$SUBMIT_CHANGE_ID" "$VERSION" \
	"$scratch/old" "$scratch/links" > "$scratch/msg" <<-'PY' ||
	import json, sys
	marker = "--- b4-submit-tracking ---"
	def tracking_of(path):
	    text = open(path, encoding="utf-8").read()
	    if marker not in text:
	        return None, None
	    comment, data = text.split(marker, 1)[1].split("{", 1)
	    return comment, json.loads("{" + data)
	comment, tracking = tracking_of(sys.argv[1])
	tracking["series"]["change-id"] = sys.argv[3]
	tracking["series"]["revision"] = int(sys.argv[4])
	_, old = tracking_of(sys.argv[5])
	history = (old or {}).get("series", {}).get("history")
	if history and old["series"].get("change-id") == sys.argv[3]:
	    tracking["series"]["history"] = history
	with open(sys.argv[6], "w") as links:
	    for v, ids in sorted((history or {}).items(), key=lambda x: int(x[0][1:])):
	        if int(v[1:]) < int(sys.argv[4]) and ids:
	            links.write("Link to %s: https://lore.kernel.org/r/%s\n" % (v, ids[-1]))
	cover = open(sys.argv[2], encoding="utf-8").read().strip()
	sys.stdout.write(cover + "\n\n" + marker + comment + json.dumps(tracking, indent=2) + "\n")
	PY
	die "b4's cover commit is not as b4 0.12 writes it (no tracking block)"
g commit -q --amend --allow-empty -F "$scratch/msg"

# Each patch applied, then signed off by the submitter, who becomes its
# author too ("git commit --amend -s": after the Assisted-by: trailer, the
# last one of every patch); one at a time, a little faster here than
# git am of all, then git rebase --exec over a kernel's index.
for p in "${series[@]}"; do
	{ g am -q "$(realpath "$p")" && g commit -q --amend --no-edit --reset-author -s; } >"$log" 2>&1 ||
		{ sed 's/^/  | /' "$log" >&2; g am --abort 2>/dev/null; die "$(basename "$p") does not apply on the base (above)"; }
done

b4q prep --auto-to-cc

rdiff=
if [ "$VERSION" -gt 1 ]; then
	prev=$((VERSION - 1))
	if g rev-parse -q --verify "refs/tags/sent/$SLUG-v$prev" >/dev/null; then
		rdiff=range-diff-v$prev-v$VERSION.txt
		(cd "$GIT" && b4 prep --compare-to "v$prev") > "$scratch/$rdiff" 2>"$log" ||
			{ sed 's/^/  | /' "$log" >&2; die "b4 prep --compare-to v$prev failed (above)"; }
	else
		echo "submit-prep: no tag sent/$SLUG-v$prev in $GIT (b4 send makes it there when it sends v$prev): no range-diff to v$prev" >&2
	fi
fi

rm -rf "$OUT"
mkdir -p "$OUT"
# Appended to what GIT_CONFIG_COUNT may already hold (the tests set the
# identity that way), for this command only: a server b4 never contacts
# with -o, which keeps it from choosing kernel.org's web endpoint.
n=${GIT_CONFIG_COUNT:-0}
GIT_CONFIG_COUNT=$((n + 1)) env "GIT_CONFIG_KEY_$n=sendemail.smtpserver" "GIT_CONFIG_VALUE_$n=localhost" \
	bash -c 'cd "$1" && shift && b4 send --no-sign -o "$@"' - "$GIT" "$OUT" >"$log" 2>&1 ||
	{ sed 's/^/  | /' "$log" >&2; die "b4 send -o failed (above)"; }
[ -n "$rdiff" ] && cp "$scratch/$rdiff" "$OUT/"
mapfile -t mails < <(find "$OUT" -maxdepth 1 -name '*.eml' | sort)
[ ${#mails[@]} -eq $((${#series[@]} + 1)) ] ||
	die "b4 send -o wrote ${#mails[@]} messages to $OUT, not the cover letter and ${#series[@]} patches"

# The check that only the submitter's copy can pass: every patch signed off
# by its author, the sender.
CP=$(realpath "$SRC/scripts/checkpatch.pl")
for m in "${mails[@]:1}"; do
	(cd "$scratch" && perl "$CP" --no-tree --quiet --show-types \
		--types MISSING_SIGN_OFF,FROM_SIGN_OFF_MISMATCH,BAD_SIGN_OFF,DUPLICATED_SIGN_OFF \
		"$m") || die "$(basename "$m"): sign-off check failed (see above)"
	grep -qxF "$sob" "$m" || die "$(basename "$m") has no \"$sob\""
done

hdr() {	# hdr FILE NAME: the addresses of header NAME, one a line
	python3 - "$1" "$2" <<-'PY'
	import email, email.policy, sys
	msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
	for a in msg.get_all(sys.argv[2], []):
	    for x in a.addresses:
	        print(x)
	PY
}
echo "submit-prep: ${#mails[@]} messages (v$VERSION, change-id $SUBMIT_CHANGE_ID) in $OUT/ in $(($(date +%s) - t0)) s,"
echo "submit-prep: signed off as: $name <$email>"
echo "submit-prep: the cover letter goes"
hdr "${mails[0]}" To | sed 's/^/    To: /'
hdr "${mails[0]}" Cc | sed 's/^/    Cc: /'
[ -n "$rdiff" ] && echo "submit-prep: the range-diff to v$prev is $OUT/$rdiff: say what changed in $COVER"
[ -s "$scratch/links" ] && { echo "submit-prep: the versions b4 send sent before (for the cover letter):"; sed 's/^/    /' "$scratch/links"; }
cat <<-MSG
submit-prep: review $OUT/ (each patch's own Cc: are in its headers), then
submit-prep: send from the prep branch b4/$SLUG (b4 makes the same messages
submit-prep: again, with new dates and Message-Ids, and tags sent/$SLUG-v$VERSION
submit-prep: for the range-diff of the next version), first to yourself:
    cd $GIT && b4 send --reflect
    cd $GIT && b4 send
submit-prep: b4 send mails through git config sendemail.smtpserver etc. if
submit-prep: set, else kernel.org's web endpoint (b4 send --web-auth-new once);
submit-prep: it signs with patatt (patatt genkey) unless given --no-sign.
MSG
