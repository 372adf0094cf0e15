#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""parse-log.py LOG [--json OUT] [--count PATTERN]...: judge a console log
written by boot.sh.

Exit 0 only when the guest printed UMLBENCH-BEGIN and UMLBENCH-END rc=0, the
kselftest TAP has a plan 1..N with exactly N top-level results, none failed,
the kernel log shows no bug report and the host saw no timeout.  A guest that
said UMLBENCH-NOTESTS (no kselftest tree yet) passes with 0 tests.  Exit 1
on a failed run, 2 when the log cannot be read.

Kernel bug reports are recognised by the headers the kernel itself prints
for them, at the start of a kernel log line (after the printk timestamp):
"Kernel panic", "Oops", "BUG:" (also "watchdog: BUG: soft lockup"), "kernel
BUG at", "WARNING:" (WARN_ON, lockdep and RCU splats all start so), "UBSAN:",
"general protection fault", hung-task and RCU-stall reports, and UML's own
"Kernel mode fault/signal" and "Segfault with no mm".  Each is a kernel
defect that a test passing in user space could hide.  Test output is not
searched: the kselftest runner prefixes it with "# ".
"""
import argparse
import json
import re
import signal
import sys

TIMESTAMP = re.compile(r"\[\s*\d+\.\d{6}\]\s?")
KERNEL_BUGS = [
    ("panic", re.compile(r"Kernel panic - not syncing")),
    ("oops", re.compile(r"Oops\b")),
    ("bug", re.compile(r"(?:watchdog: )?BUG: |kernel BUG at ")),
    ("warning", re.compile(r"WARNING: ")),
    ("ubsan", re.compile(r"UBSAN: ")),
    ("gpf", re.compile(r"general protection fault")),
    ("hung task", re.compile(r"INFO: task .* blocked for more than")),
    ("rcu stall", re.compile(r"(?:rcu: )?INFO: rcu\w* (?:self-)?detected stall")),
    ("uml fault", re.compile(r"Kernel mode (?:fault|signal)|Segfault with no mm")),
]
TOP_RESULT = re.compile(r"(not ok|ok) (\d+) (.*?)(?:\s+# ?(.*))?$")
NESTED_RESULT = re.compile(r"# (not ok|ok) (\d+) (.*?)(?:\s+# ?(.*))?$")
PLAN = re.compile(r"1\.\.(\d+)\b")
TEST_NAME = re.compile(r"selftests: (\S+): (\S+)$")
TEST_START = re.compile(r"# selftests: (\S+): (\S+)$")


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read().decode("utf-8", errors="replace")
    return [line.rstrip("\r") for line in data.split("\n")]


def kernel_message(line, timestamped):
    """The kernel log text in LINE, or None.  With printk timestamps on, a
    message may follow user output on the same line; without them only
    lines that are neither test output nor markers can be kernel lines."""
    m = TIMESTAMP.search(line)
    if m:
        return line[m.end():]
    if timestamped or line.startswith(("#", "UMLBENCH-", "ok ", "not ok ")):
        return None
    return line


def directive_kind(directive):
    """SKIP, XFAIL, TODO or TIMEOUT for a TAP directive, else ""."""
    words = (directive or "").split()
    word = words[0].upper() if words else ""
    return word if word in ("SKIP", "XFAIL", "TODO", "TIMEOUT") else ""


class Result:
    def __init__(self):
        self.host = {}
        self.begin = 0
        self.end_rc = None
        self.notests = None
        self.errors = []
        self.poweroff_failed = False
        self.timeout = None
        self.exit = None
        self.plan = None
        self.bail = None
        self.tests = []
        self.running = None
        self.bugs = []
        self.counts = {}
        self.last_line = ""
        self.first_output = ""


def parse(lines, count_patterns):
    r = Result()
    r.counts = {p: 0 for p in count_patterns}
    count_re = [(p, re.compile(p)) for p in count_patterns]
    timestamped = any(TIMESTAMP.search(line) for line in lines)
    in_run = False
    nested_failed = []
    for no, line in enumerate(lines, 1):
        if line.startswith("UMLBENCH-HOST: "):
            host = line[len("UMLBENCH-HOST: "):]
            m = re.match(r"TIMEOUT after (\d+)", host)
            if m:
                r.timeout = int(m.group(1))
            m = re.match(r"exit=(-?\d+)", host)
            if m:
                r.exit = int(m.group(1))
            if host.startswith("kernel="):
                r.host = dict(kv.split("=", 1) for kv in host.split() if "=" in kv)
            continue

        if line.strip():
            r.last_line = TIMESTAMP.sub("", line, count=1).strip()
        msg = kernel_message(line, timestamped)
        if msg is not None:
            for kind, rx in KERNEL_BUGS:
                if rx.match(msg):
                    r.bugs.append((kind, no, msg.strip(), r.running))
                    break
            for p, rx in count_re:
                if rx.search(msg):
                    r.counts[p] += 1
            if TIMESTAMP.match(line):
                continue

        if line == "UMLBENCH-BEGIN":
            r.begin += 1
            in_run = r.begin == 1
            continue
        if not in_run:
            continue
        m = re.match(r"UMLBENCH-END rc=(-?\d+)$", line)
        if m:
            r.end_rc = int(m.group(1))
            in_run = False
            continue
        if line.startswith("UMLBENCH-NOTESTS"):
            r.notests = line[len("UMLBENCH-NOTESTS"):].strip() or "no reason given"
            continue
        if line.startswith("UMLBENCH-ERROR"):
            r.errors.append(line[len("UMLBENCH-ERROR"):].strip())
            continue
        if line.startswith("UMLBENCH-POWEROFF-FAILED"):
            r.poweroff_failed = True
            continue

        if not r.first_output and line.strip() and not line.startswith("TAP version"):
            r.first_output = line.strip()
        if r.plan is None:
            m = PLAN.match(line)
            if m:
                r.plan = int(m.group(1))
                continue
        if line.startswith("Bail out!"):
            r.bail = line
            continue
        m = TEST_START.match(line)
        if m:
            r.running = "%s:%s" % m.groups()
            nested_failed = []
            continue
        m = NESTED_RESULT.match(line)
        if m:
            if m.group(1) == "not ok" and directive_kind(m.group(4)) not in ("SKIP", "XFAIL", "TODO"):
                nested_failed.append(m.group(3))
            continue
        m = TOP_RESULT.match(line)
        if m:
            ok, num, desc, directive = m.groups()
            n = TEST_NAME.search(desc)
            name = "%s:%s" % n.groups() if n else desc
            kind = directive_kind(directive)
            if ok == "not ok":
                result = "fail"
            elif kind == "SKIP":
                result = "skip"
            else:
                result = "pass"
            r.tests.append({
                "number": int(num), "name": name, "result": result,
                "directive": directive or "",
                "failed_subtests": nested_failed,
            })
            nested_failed = []
            r.running = None
    return r


def verdict(r):
    """Return (ok, reasons) for a parsed log; the first reason is the main one."""
    reasons = []
    where = " (while running %s)" % r.running if r.running else ""
    if r.timeout is not None:
        reasons.append("hard timeout after %d s: the guest hung%s" % (r.timeout, where))
    for kind, no, msg, test in r.bugs:
        during = " (while running %s)" % test if test else ""
        reasons.append("kernel %s at log line %d%s: %s" % (kind, no, during, msg))
    if not r.begin:
        hint = "; last console line: %s" % r.last_line if r.last_line else ""
        reasons.append("the guest never reached init (no UMLBENCH-BEGIN)%s" % hint)
    elif r.begin > 1:
        reasons.append("the guest booted %d times (reboot?)" % r.begin)
    reasons += ["guest error: %s" % e for e in r.errors]
    if r.poweroff_failed:
        reasons.append("the guest could not power off")
    if r.begin and r.end_rc is None:
        reasons.append("the guest stopped without UMLBENCH-END%s" % where)
    if r.bail:
        reasons.append("TAP bailed out: %s" % r.bail)
    mode = r.host.get("run", "kselftest")
    if r.notests is None and r.begin and (mode == "kselftest" or r.plan is not None or r.tests):
        if r.plan is None:
            said = "; it printed: %s" % r.first_output if r.first_output else ""
            reasons.append("no TAP plan (1..N) from run_kselftest.sh%s" % said)
        elif r.plan != len(r.tests):
            reasons.append("TAP plan 1..%d but %d results" % (r.plan, len(r.tests)))
        elif sorted(t["number"] for t in r.tests) != list(range(1, r.plan + 1)):
            reasons.append("TAP results are not numbered 1..%d" % r.plan)
    failed = [t["name"] for t in r.tests if t["result"] == "fail"]
    if failed:
        reasons.append("%d test(s) failed: %s" % (len(failed), ", ".join(failed)))
    if r.end_rc:
        reasons.append("the guest run exited with rc=%d" % r.end_rc)
    if r.exit not in (None, 0) and r.timeout is None:
        reasons.append("UML exited with status %d" % r.exit)
    return not reasons, reasons


def config_of(r, lines):
    seccomp, ncpus = r.host.get("seccomp"), r.host.get("ncpus")
    if not seccomp or not ncpus:
        for line in lines:
            if "Kernel command line:" in line:
                args = dict(a.split("=", 1) for a in line.split() if "=" in a)
                seccomp = seccomp or args.get("seccomp")
                ncpus = ncpus or args.get("ncpus")
                break
    return "seccomp=%s ncpus=%s" % (seccomp or "?", ncpus or "1")


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under "| head"
    ap = argparse.ArgumentParser(description="Judge a UML kselftest console log.")
    ap.add_argument("log")
    ap.add_argument("--json", metavar="OUT", help="also write the verdict as JSON to OUT")
    ap.add_argument("--count", metavar="PATTERN", action="append", default=[],
                    help="count kernel log lines matching this regex (repeatable)")
    args = ap.parse_args()
    for p in args.count:
        try:
            re.compile(p)
        except re.error as e:
            print("parse-log: bad --count regex %r: %s" % (p, e), file=sys.stderr)
            return 2
    try:
        lines = read_lines(args.log)
    except OSError as e:
        print("parse-log: cannot read %s: %s (run scripts/boot.sh first)" % (args.log, e.strerror),
              file=sys.stderr)
        return 2

    r = parse(lines, args.count)
    ok, reasons = verdict(r)
    n = {k: sum(t["result"] == k for t in r.tests) for k in ("pass", "fail", "skip")}
    collections = {t["name"].split(":")[0] for t in r.tests}
    label = "um selftests" if collections <= {"um"} else "selftests"
    issues = sum(r.counts.values())

    for t in r.tests:
        if t["result"] == "fail":
            line = "not ok %s" % t["name"]
            if t["directive"]:
                line += " (%s)" % t["directive"]
            if t["failed_subtests"]:
                line += ": failed subtests: " + ", ".join(t["failed_subtests"])
            print(line)
    if not ok:
        print("FAIL: " + reasons[0])
        for extra in reasons[1:6]:
            print("  also: " + extra)
    detail = "".join(" %r=%d" % (p, c) for p, c in r.counts.items())
    print("UMLBENCH-KERNEL-LOG-ISSUES: %d%s" % (issues, detail))
    cfg = config_of(r, lines)
    if r.notests is not None and not r.tests:
        print("%s: no selftests in this tree (%s) (%s)" % (label, r.notests, cfg))
    else:
        print("%s: %d passed, %d failed, %d skipped (%s)" % (label, n["pass"], n["fail"], n["skip"], cfg))

    if args.json:
        out = {
            "passed": n["pass"], "failed": n["fail"], "skipped": n["skip"],
            "tests": [{"name": t["name"], "result": t["result"],
                       "directive": t["directive"],
                       "failed_subtests": t["failed_subtests"]} for t in r.tests],
            "verdict": "pass" if ok else "fail",
            "reason": reasons[0] if reasons else
            ("no selftests in this tree: %s" % r.notests if r.notests is not None else ""),
            "reasons": reasons,
            "notests": r.notests,
            "plan": r.plan,
            "end_rc": r.end_rc,
            "uml_exit": r.exit,
            "timeout": r.timeout,
            "kernel_bugs": [{"kind": k, "line": no, "message": m, "test": t}
                            for k, no, m, t in r.bugs],
            "kernel_log_counts": r.counts,
            "kernel_log_issues": issues,
            "config": cfg,
        }
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
