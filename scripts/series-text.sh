#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# series-text.sh [DIR]: the series in DIR (default patches/) reads on the
# list without this workbench, and records its fixes as the base tree's
# Documentation/process/coding-assistants.rst asks:
#
# - no patch, cover letter included, names the workbench or anything of
#   it: a make target of its Makefile ("make bench"), a file of scripts/,
#   tests/series/, tests/workbench/ or guest/, a step of make check
#   (scripts/check.sh), its marker lines (UMLBENCH) or its build/ paths;
# - every patch with a Fixes: tag has its record in the cover letter: a
#   paragraph " - Patch N." that gives the reproducer ("Reproducer:"), the
#   maintainers and lists ("scripts/get_maintainer.pl:"), what could not
#   be done ("Not done:") and the verdict of threat-model.rst ("Threat
#   model").
#
# The names come from the workbench itself, so a new script or step is
# covered as soon as it exists.  Make check runs this, and so does make
# submit-prep before it writes mails.
set -euo pipefail
DIR=$(realpath -m "${1:-$(dirname "$0")/../patches}")
cd "$(dirname "$0")/.."
[ -f "$DIR/0000-cover-letter.patch" ] ||
	{ echo "series-text: no $DIR/0000-cover-letter.patch: run 'make export' first" >&2; exit 1; }

python3 - "$DIR" <<'PY'
import glob, os, re, sys

d = sys.argv[1]
cover_path = os.path.join(d, "0000-cover-letter.patch")
patches = sorted(p for p in glob.glob(os.path.join(d, "*.patch")) if p != cover_path)

# What names the workbench
targets = set(re.findall(r"^([a-z][a-z0-9-]*):", open("Makefile").read(), re.M))
targets -= {"all", "clean", "help"}
files = set()
for sub in ("scripts", "tests/series", "tests/workbench", "guest"):
    if os.path.isdir(sub):
        files |= {f for f in os.listdir(sub) if re.search(r"\.(sh|py|c)$", f)}
steps = set(re.findall(r"^(?:step|must|boot)\s+([a-z0-9]+(?:-[a-z0-9]+)+)\s",
                       open("scripts/check.sh").read(), re.M))
words = [r"\bmake (?:%s)\b" % "|".join(sorted(map(re.escape, targets))),
         r"(?<![\w/.-])(?:%s)\b" % "|".join(sorted(map(re.escape, files))),
         r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(sorted(map(re.escape, steps))),
         r"\b[Ww]orkbench\b", r"\bUMLBENCH", r"\bbuild/(?:logs|out|ksft|linux)\b",
         r"\btests/(?:series|workbench)/"]
pattern = re.compile("|".join("(?:%s)" % w for w in words))

problems = []
for p in [cover_path] + patches:
    for n, line in enumerate(open(p, errors="replace"), 1):
        for m in pattern.finditer(line):
            problems.append("%s:%d: names the workbench: \"%s\"" %
                            (os.path.basename(p), n, m.group(0)))

# The fixes' records
cover = open(cover_path, errors="replace").read()
records = {}
for m in re.finditer(r"^ - Patch (\d+)\.(.*?)(?=^ - |^\S|^$)", cover, re.M | re.S):
    records[int(m.group(1))] = m.group(2)
fixes = 0
for p in patches:
    msg = open(p, errors="replace").read().split("\n---\n", 1)[0]
    if not re.search(r"^Fixes: ", msg, re.M):
        continue
    fixes += 1
    num = int(os.path.basename(p)[:4])
    rec = records.get(num)
    if rec is None:
        problems.append("%s has Fixes: but the cover letter has no \" - Patch %d.\" record "
                        "(coding-assistants.rst: reproducer, get_maintainer.pl, what could "
                        "not be done, threat model)" % (os.path.basename(p), num))
        continue
    rec = " ".join(rec.split())
    for key in ("Reproducer:", "scripts/get_maintainer.pl:", "Not done:", "Threat model"):
        if key not in rec:
            problems.append("the cover letter's record of patch %d lacks \"%s\"" % (num, key))

for line in problems:
    print("series-text: " + line)
if problems:
    sys.exit(1)
print("series-text: %d patches and the cover letter name nothing of the workbench; "
      "%d fixes have their records" % (len(patches), fixes))
PY
