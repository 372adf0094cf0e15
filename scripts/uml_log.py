#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""uml_log.py: the one parser of the console logs that boot.sh writes.

As a program (boot.sh runs it on every boot):

  uml_log.py LOG [--json OUT] [--count PATTERN]...

judges LOG.  Exit 0 only when the guest printed UMLBENCH-BEGIN and
UMLBENCH-END rc=0, the kselftest TAP has a plan 1..N with exactly N
top-level results, none failed, the kernel log shows no bug report and the
host saw no timeout.  A guest that said UMLBENCH-NOTESTS (no kselftest tree
yet) passes with 0 tests.  Exit 1 on a failed run, 2 when the log cannot be
read.  --json writes the verdict and the whole result tree (see to_json()).

The consumers of that JSON query it with subcommands, so that no script
greps the console log for TAP again:

  uml_log.py summary JSON...         the "um selftests: ..." line of each
  uml_log.py skips JSON              every skipped test: PATH<TAB>REASON
  uml_log.py find JSON SUBSTRING     STATUS<TAB>PATH of each test whose name
                                     holds SUBSTRING, at any depth
  uml_log.py log JSON REGEX          output and diagnostic lines of the run
                                     (prefixes stripped) matching REGEX
  uml_log.py bugs JSON               KIND<TAB>MESSAGE of each kernel bug report
  uml_log.py count JSON PATTERN      how many kernel log lines matched a
                                     --count PATTERN of the boot
  uml_log.py get JSON KEY            a scalar of the JSON: "timeout", "end_rc",
                                     "verdict", "host.ncpus" (null prints "")

find, log and bugs exit 1 when nothing matched, every subcommand 2 when
the JSON cannot be read.

As a module, parse_log(lines) gives the Run (host lines, markers, kernel
bug reports) with its Test tree, modelled on the kernel's
tools/testing/kunit/kunit_parser.py: a Test has a TestStatus, subtests, a
plan, a log and counts, and each TAP element has its function.  The
kselftest runner nests a test's own TAP under "# " (the harness's under
"# # "); a test's lines come before its result line, so every run of
"# " lines up to a result is that result's subtest tree, one level down.

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
import enum
import json
import re
import signal
import sys

# Bumped when a key changes meaning; new keys do not bump it.
SCHEMA = 2

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
TAP_VERSION = re.compile(r"K?TAP version (\d+)$")
PLAN = re.compile(r"1\.\.(\d+)\b")
RESULT = re.compile(r"(not ok|ok) (\d+) (.*?)(?:\s+# ?(.*))?$")
BAIL_OUT = re.compile(r"Bail out!")
# Who announces a test before its output: the kselftest runner
# ("selftests: um: NAME") and the kselftest harness (" RUN  NAME ...").
RUNNER_HEADER = re.compile(r"selftests: (\S+): (\S+)$")
HARNESS_HEADER = re.compile(r"\s*RUN\s+(\S+) \.\.\.$")
DIRECTIVES = ("SKIP", "XFAIL", "TODO", "TIMEOUT")


class TestStatus(enum.Enum):
    """What became of a test; the value is its "result" in the JSON."""
    SUCCESS = "pass"
    FAILURE = "fail"
    SKIPPED = "skip"
    XFAIL = "xfail"      # "not ok ... # XFAIL" or "# TODO": an expected failure
    CRASHED = "crashed"  # announced, but the run ended before its result


class TestCounts:
    """Results of the tests at the leaves of a tree (kunit_parser's
    TestCounts), plus errors: plans that the results do not meet."""
    FIELDS = ("passed", "failed", "skipped", "xfail", "crashed", "errors")
    BY_STATUS = {TestStatus.SUCCESS: "passed", TestStatus.FAILURE: "failed",
                 TestStatus.SKIPPED: "skipped", TestStatus.XFAIL: "xfail",
                 TestStatus.CRASHED: "crashed"}

    def __init__(self):
        for f in self.FIELDS:
            setattr(self, f, 0)

    def add_status(self, status):
        field = self.BY_STATUS[status]
        setattr(self, field, getattr(self, field) + 1)

    def add_counts(self, other):
        for f in self.FIELDS:
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def total(self):
        return sum(getattr(self, f) for f in self.FIELDS if f != "errors")

    def to_dict(self):
        return {f: getattr(self, f) for f in self.FIELDS}


class Test:
    """One test: the run itself at the root, kselftests below it, their
    harness's test cases below those."""

    def __init__(self, name=""):
        self.name = name
        self.number = None        # from its result line; None if crashed
        self.status = None
        self.directive = ""
        self.skip_reason = None
        self.plan = None          # the N of its own "1..N"
        self.tap_version = None
        self.bail = None
        self.subtests = []
        self.log = []             # its output and diagnostics, prefixes stripped
        self.header_line = None   # console log line that announced it
        self.result_line = None   # console log line of its result

    def counts(self):
        c = TestCounts()
        if not self.subtests:
            if self.status is not None:
                c.add_status(self.status)
            return c
        for t in self.subtests:
            c.add_counts(t.counts())
        # A failure of the test as a whole (an exit status, a crash) is not
        # lost when all its subtests passed.
        if self.status in (TestStatus.FAILURE, TestStatus.CRASHED) and not (c.failed or c.crashed):
            c.add_status(self.status)
        if self.plan is not None and self.plan != sum(t.number is not None for t in self.subtests) \
                and self.status != TestStatus.CRASHED:
            c.errors += 1
        return c

    def failed_subtests(self):
        return [t.name for t in self.subtests if t.status == TestStatus.FAILURE]

    def walk(self, path=()):
        """(path, test) for every test below this one, depth first."""
        for t in self.subtests:
            p = path + (t.name,)
            yield p, t
            yield from t.walk(p)

    def to_dict(self):
        return {
            "name": self.name, "number": self.number,
            "result": self.status.value if self.status else None,
            "directive": self.directive, "skip_reason": self.skip_reason,
            "failed_subtests": self.failed_subtests(),
            "plan": self.plan, "counts": self.counts().to_dict(),
            "subtests": [t.to_dict() for t in self.subtests],
            "log": self.log,
        }


class LineStream:
    """The (console line number, text) pairs of one TAP level, consumed in
    order (kunit_parser's LineStream, over a list)."""

    def __init__(self, lines):
        self._lines = lines
        self._i = 0

    def __bool__(self):
        return self._i < len(self._lines)

    def peek(self):
        return self._lines[self._i]

    def pop(self):
        self._i += 1
        return self._lines[self._i - 1]


# One function per TAP element.  Each takes the text of a line of its level
# (the prefixes of the levels above stripped) and returns None when the line
# is not that element.

def parse_tap_version(text):
    m = TAP_VERSION.match(text)
    return int(m.group(1)) if m else None


def parse_plan(text):
    m = PLAN.match(text)
    return int(m.group(1)) if m else None


def parse_test_header(text):
    """The name a runner or harness line announces, else None."""
    m = RUNNER_HEADER.match(text)
    if m:
        return "%s:%s" % m.groups()
    m = HARNESS_HEADER.match(text)
    return m.group(1) if m else None


def parse_directive(directive):
    """(SKIP, XFAIL, TODO, TIMEOUT or "", the text after it) for a TAP
    directive."""
    words = (directive or "").split(None, 1)
    word = words[0].upper() if words else ""
    if word not in DIRECTIVES:
        return "", directive or ""
    return word, words[1] if len(words) > 1 else ""


def parse_test_result(text, top):
    """A result line as a Test without subtests, else None.  The kselftest
    runner says "not ok" only for a failure (or a timeout), so at the top a
    "not ok" fails whatever its directive; within a test, TAP's directives
    hold: SKIP skips, XFAIL and TODO are expected failures."""
    m = RESULT.match(text)
    if not m:
        return None
    ok, num, desc, directive = m.groups()
    m = RUNNER_HEADER.search(desc)
    t = Test("%s:%s" % m.groups() if m else desc)
    t.number = int(num)
    t.directive = directive or ""
    kind, rest = parse_directive(directive)
    if kind == "SKIP" and (ok == "ok" or not top):
        t.status = TestStatus.SKIPPED
        t.skip_reason = rest
    elif ok == "ok":
        t.status = TestStatus.SUCCESS
    elif kind in ("XFAIL", "TODO") and not top:
        t.status = TestStatus.XFAIL
    else:
        t.status = TestStatus.FAILURE
    return t


def parse_bail_out(text):
    return text if BAIL_OUT.match(text) else None


def parse_diagnostic(text):
    """The line one level down of a "# " line, else None."""
    if text == "#":
        return ""
    return text[2:] if text.startswith("# ") else None


def parse_test(test, lines, top=False):
    """Fill TEST from the lines of its level: its header, version, plan,
    bail-out and log; each result line makes a subtest of the diagnostic
    lines before it, parsed one level down.  Diagnostic lines left at the
    end make a crashed subtest if they announce one, else they are TEST's
    log."""
    stream = LineStream(lines)
    block = []
    while stream:
        no, text = stream.pop()
        nested = parse_diagnostic(text)
        if nested is not None:
            block.append((no, nested))
            continue
        name = parse_test_header(text)
        if name is not None and test.header_line is None and not test.subtests:
            test.name = test.name or name
            test.header_line = no
            test.log.append(text)
            continue
        version = parse_tap_version(text)
        if version is not None and test.tap_version is None and not test.subtests:
            test.tap_version = version
            continue
        plan = parse_plan(text)
        if plan is not None and test.plan is None:
            test.plan = plan
            continue
        sub = parse_test_result(text, top)
        if sub is not None:
            sub.result_line = no
            parse_test(sub, block)
            test.subtests.append(sub)
            block = []
            continue
        if parse_bail_out(text) is not None:
            test.bail = text
            continue
        if text.strip():
            test.log.append(text)
    if block:
        sub = Test()
        parse_test(sub, block)
        if sub.header_line is not None:
            sub.status = TestStatus.CRASHED
            test.subtests.append(sub)
        else:
            test.log += [text for _, text in block if text.strip()]
    return test


class Run:
    """One boot as its console log tells it."""

    def __init__(self):
        self.host = {}
        self.begin = 0
        self.end_rc = None
        self.notests = None
        self.errors = []
        self.poweroff_failed = False
        self.timeout = None
        self.exit = None
        self.bugs = []           # (kind, line number, message, running test)
        self.counts = {}
        self.last_line = ""
        self.first_output = ""
        self.kernel_cmdline = {}
        self.root = Test()

    @property
    def tests(self):
        """The top-level tests."""
        return self.root.subtests

    def running_at(self, no):
        """The top-level test announced and not yet finished at line NO."""
        for t in self.tests:
            if t.header_line is not None and t.header_line < no and \
                    (t.result_line is None or no < t.result_line):
                return t.name
        return None

    def running(self):
        """The top-level test that was running when the log ended."""
        for t in self.tests:
            if t.status == TestStatus.CRASHED:
                return t.name
        return None


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read().decode("utf-8", errors="replace")
    return [line.rstrip("\r") for line in data.split("\n")]


def kernel_message(line, timestamped):
    """(user text, kernel log text or None) of LINE.  With printk
    timestamps on, a message may follow user output on the same line;
    without them only lines that are neither test output nor markers can
    be kernel lines."""
    m = TIMESTAMP.search(line)
    if m:
        return line[:m.start()], line[m.end():]
    if timestamped or line.startswith(("#", "UMLBENCH-", "ok ", "not ok ")):
        return line, None
    return line, line


def parse_host_line(r, host):
    """boot.sh's own lines: its settings, a timeout, UML's exit status."""
    m = re.match(r"TIMEOUT after (\d+)", host)
    if m:
        r.timeout = int(m.group(1))
    m = re.match(r"exit=(-?\d+)", host)
    if m:
        r.exit = int(m.group(1))
    if host.startswith("kernel="):
        r.host = dict(kv.split("=", 1) for kv in host.split() if "=" in kv)


def parse_kernel_line(r, no, msg, count_re):
    for kind, rx in KERNEL_BUGS:
        if rx.match(msg):
            r.bugs.append((kind, no, msg.strip()))
            break
    for p, rx in count_re:
        if rx.search(msg):
            r.counts[p] += 1
    if "Kernel command line:" in msg and not r.kernel_cmdline:
        r.kernel_cmdline = dict(a.split("=", 1) for a in msg.split() if "=" in a)


def parse_marker(r, line):
    """guest/init.sh's UMLBENCH-* lines within the run: "end" for the end
    of the run, True for another marker, False for any other line."""
    m = re.match(r"UMLBENCH-END rc=(-?\d+)$", line)
    if m:
        r.end_rc = int(m.group(1))
        return "end"
    for marker in ("UMLBENCH-NOTESTS", "UMLBENCH-ERROR", "UMLBENCH-POWEROFF-FAILED"):
        if line.startswith(marker):
            rest = line[len(marker):].strip()
            if marker == "UMLBENCH-NOTESTS":
                r.notests = rest or "no reason given"
            elif marker == "UMLBENCH-ERROR":
                r.errors.append(rest)
            else:
                r.poweroff_failed = True
            return True
    return False


def parse_log(lines, count_patterns=()):
    """The Run of a console log: host lines, kernel lines and markers first,
    then the TAP of the guest's run (from the first UMLBENCH-BEGIN to
    UMLBENCH-END) as the root's tree."""
    r = Run()
    r.counts = {p: 0 for p in count_patterns}
    count_re = [(p, re.compile(p)) for p in count_patterns]
    timestamped = any(TIMESTAMP.search(line) for line in lines)
    in_run = False
    tap = []
    for no, line in enumerate(lines, 1):
        if line.startswith("UMLBENCH-HOST: "):
            parse_host_line(r, line[len("UMLBENCH-HOST: "):])
            continue
        if line.strip():
            r.last_line = TIMESTAMP.sub("", line, count=1).strip()
        user, msg = kernel_message(line, timestamped)
        if msg is not None:
            parse_kernel_line(r, no, msg, count_re)
            if TIMESTAMP.match(line):
                continue
        if line == "UMLBENCH-BEGIN":
            r.begin += 1
            in_run = r.begin == 1
            continue
        if not in_run:
            continue
        marker = parse_marker(r, line)
        if marker:
            in_run = marker != "end"
            continue
        if not r.first_output and user.strip() and not user.startswith("TAP version"):
            r.first_output = user.strip()
        tap.append((no, user))
    parse_test(r.root, tap, top=True)
    r.bugs = [(kind, no, msg, r.running_at(no)) for kind, no, msg in r.bugs]
    return r


def verdict(r):
    """Return (ok, reasons) for a parsed log; the first reason is the main one."""
    reasons = []
    running = r.running()
    where = " (while running %s)" % running if running else ""
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
    if r.root.bail:
        reasons.append("TAP bailed out: %s" % r.root.bail)
    results = [t for t in r.tests if t.number is not None]
    mode = r.host.get("run", "kselftest")
    plan = r.root.plan
    if r.notests is None and r.begin and (mode == "kselftest" or plan is not None or results):
        if plan is None:
            said = "; it printed: %s" % r.first_output if r.first_output else ""
            reasons.append("no TAP plan (1..N) from run_kselftest.sh%s" % said)
        elif plan != len(results):
            reasons.append("TAP plan 1..%d but %d results" % (plan, len(results)))
        elif sorted(t.number for t in results) != list(range(1, plan + 1)):
            reasons.append("TAP results are not numbered 1..%d" % plan)
    failed = [t.name for t in r.tests if t.status == TestStatus.FAILURE]
    if failed:
        reasons.append("%d test(s) failed: %s" % (len(failed), ", ".join(failed)))
    if r.end_rc:
        reasons.append("the guest run exited with rc=%d" % r.end_rc)
    if r.exit not in (None, 0) and r.timeout is None:
        reasons.append("UML exited with status %d" % r.exit)
    return not reasons, reasons


def config_of(r):
    seccomp = r.host.get("seccomp") or r.kernel_cmdline.get("seccomp")
    ncpus = r.host.get("ncpus") or r.kernel_cmdline.get("ncpus")
    return "seccomp=%s ncpus=%s" % (seccomp or "?", ncpus or "1")


def top_counts(r):
    return {k.value: sum(t.status == k for t in r.tests)
            for k in (TestStatus.SUCCESS, TestStatus.FAILURE, TestStatus.SKIPPED)}


def summary_line(r):
    """The "um selftests: ..." line: top-level tests only."""
    n = top_counts(r)
    collections = {t.name.split(":")[0] for t in r.tests if t.number is not None}
    label = "um selftests" if collections <= {"um"} else "selftests"
    cfg = config_of(r)
    if r.notests is not None and not any(t.number is not None for t in r.tests):
        return "%s: no selftests in this tree (%s) (%s)" % (label, r.notests, cfg)
    return "%s: %d passed, %d failed, %d skipped (%s)" % (label, n["pass"], n["fail"], n["skip"], cfg)


def to_json(r):
    """The verdict and the result tree.  "tests" holds the top-level tests
    (a test that was running when the guest stopped has "result": "crashed"
    and "number": null), each with its "subtests" down to the harness's
    test cases; "counts" counts the leaves of the whole tree, "skips" lists
    every skipped test at any depth with its reason."""
    ok, reasons = verdict(r)
    n = top_counts(r)
    return {
        "schema": SCHEMA,
        "passed": n["pass"], "failed": n["fail"], "skipped": n["skip"],
        "tests": [t.to_dict() for t in r.tests],
        "counts": r.root.counts().to_dict(),
        "skips": [{"test": "/".join(p), "reason": t.skip_reason}
                  for p, t in r.root.walk() if t.status == TestStatus.SKIPPED],
        "crashed": ["/".join(p) for p, t in r.root.walk() if t.status == TestStatus.CRASHED],
        "verdict": "pass" if ok else "fail",
        "reason": reasons[0] if reasons else
        ("no selftests in this tree: %s" % r.notests if r.notests is not None else ""),
        "reasons": reasons,
        "summary": summary_line(r),
        "notests": r.notests,
        "plan": r.root.plan,
        "bail": r.root.bail,
        "end_rc": r.end_rc,
        "uml_exit": r.exit,
        "timeout": r.timeout,
        "host": r.host,
        "kernel_bugs": [{"kind": k, "line": no, "message": m, "test": t}
                        for k, no, m, t in r.bugs],
        "kernel_log_counts": r.counts,
        "kernel_log_issues": sum(r.counts.values()),
        "config": config_of(r),
        "log": r.root.log,
    }


# What to_json() writes: key -> type(s) of its value.  check_json() holds
# every JSON to it, and "make selftest" every recorded log's.
JSON_KEYS = {
    "schema": int, "passed": int, "failed": int, "skipped": int, "tests": list,
    "counts": dict, "skips": list, "crashed": list, "verdict": str, "reason": str,
    "reasons": list, "summary": str, "notests": (str, type(None)),
    "plan": (int, type(None)), "bail": (str, type(None)), "end_rc": (int, type(None)),
    "uml_exit": (int, type(None)), "timeout": (int, type(None)), "host": dict,
    "kernel_bugs": list, "kernel_log_counts": dict, "kernel_log_issues": int,
    "config": str, "log": list,
}
TEST_KEYS = {
    "name": str, "number": (int, type(None)), "result": str, "directive": str,
    "skip_reason": (str, type(None)), "failed_subtests": list, "plan": (int, type(None)),
    "counts": dict, "subtests": list, "log": list,
}


def check_json(v):
    """What is wrong with a JSON verdict (a list of strings, empty if
    nothing): missing or mistyped keys, results that are no TestStatus,
    counts that do not add up."""
    bad = []

    def keys(obj, want, where):
        for k, ty in want.items():
            if k not in obj:
                bad.append("%s: no %r" % (where, k))
            elif not isinstance(obj[k], ty) or isinstance(obj[k], bool):
                bad.append("%s: %r is %r" % (where, k, obj[k]))
        extra = set(obj) - set(want)
        if extra:
            bad.append("%s: unknown keys %s" % (where, sorted(extra)))

    keys(v, JSON_KEYS, "top")
    if bad:
        return bad
    if v["schema"] != SCHEMA:
        bad.append("schema %r, not %d" % (v["schema"], SCHEMA))
    results = {s.value for s in TestStatus}
    leaves = TestCounts()
    for p, t in walk_json(v["tests"]):
        where = "/".join(p)
        keys(t, TEST_KEYS, where)
        if bad:
            return bad
        if t["result"] not in results:
            bad.append("%s: result %r" % (where, t["result"]))
        elif not t["subtests"]:
            leaves.add_status(TestStatus(t["result"]))
        if (t["result"] == "skip") != (t["skip_reason"] is not None):
            bad.append("%s: skip_reason %r with result %r" % (where, t["skip_reason"], t["result"]))
    c = v["counts"]
    if set(c) != set(TestCounts.FIELDS):
        bad.append("counts: keys %s" % sorted(c))
    elif any(c[f] < getattr(leaves, f) for f in TestCounts.FIELDS):
        bad.append("counts %s below the leaves' %s" % (c, leaves.to_dict()))
    for k in ("passed", "failed", "skipped"):
        n = sum(t["result"] == {"passed": "pass", "failed": "fail", "skipped": "skip"}[k] for t in v["tests"])
        if v[k] != n:
            bad.append("%s is %d, the top-level results say %d" % (k, v[k], n))
    if len(v["skips"]) != sum(t["result"] == "skip" for _, t in walk_json(v["tests"])):
        bad.append("skips do not list every skipped test")
    if (v["verdict"] == "pass") != (not v["reasons"]) or v["verdict"] not in ("pass", "fail"):
        bad.append("verdict %r with reasons %r" % (v["verdict"], v["reasons"]))
    return bad


def judge(argv):
    ap = argparse.ArgumentParser(prog="uml_log.py", description="Judge a UML kselftest console log.")
    ap.add_argument("log")
    ap.add_argument("--json", metavar="OUT", help="also write the verdict as JSON to OUT")
    ap.add_argument("--count", metavar="PATTERN", action="append", default=[],
                    help="count kernel log lines matching this regex (repeatable)")
    args = ap.parse_args(argv)
    for p in args.count:
        try:
            re.compile(p)
        except re.error as e:
            print("uml_log: bad --count regex %r: %s" % (p, e), file=sys.stderr)
            return 2
    try:
        lines = read_lines(args.log)
    except OSError as e:
        print("uml_log: cannot read %s: %s (run scripts/boot.sh first)" % (args.log, e.strerror),
              file=sys.stderr)
        return 2

    r = parse_log(lines, args.count)
    ok, reasons = verdict(r)
    for t in r.tests:
        if t.status == TestStatus.FAILURE:
            line = "not ok %s" % t.name
            if t.directive:
                line += " (%s)" % t.directive
            if t.failed_subtests():
                line += ": failed subtests: " + ", ".join(t.failed_subtests())
            print(line)
    if not ok:
        print("FAIL: " + reasons[0])
        for extra in reasons[1:6]:
            print("  also: " + extra)
    detail = "".join(" %r=%d" % (p, c) for p, c in r.counts.items())
    print("UMLBENCH-KERNEL-LOG-ISSUES: %d%s" % (sum(r.counts.values()), detail))
    print(summary_line(r))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(to_json(r), f, indent=1)
            f.write("\n")
    return 0 if ok else 1


def walk_json(tests, path=()):
    """(path, test) of every test of a JSON "tests" list, depth first."""
    for t in tests:
        p = path + (t["name"],)
        yield p, t
        yield from walk_json(t.get("subtests", []), p)


def log_lines_json(v):
    """Every output and diagnostic line of the run, in the order of the
    tree (a test's lines before its subtests')."""
    yield from v.get("log", [])
    for _, t in walk_json(v["tests"]):
        yield from t.get("log", [])


def query(cmd, argv):
    """The subcommands: read the JSON that --json wrote."""
    nargs = {"summary": None, "skips": 0, "bugs": 0, "find": 1, "log": 1, "count": 1, "get": 1}[cmd]
    if (nargs is None and not argv) or (nargs is not None and len(argv) != 1 + nargs):
        print("usage: uml_log.py %s JSON%s" % (cmd, "..." if nargs is None else " ARG" * nargs),
              file=sys.stderr)
        return 2
    paths, arg = (argv, None) if nargs is None else (argv[:1], argv[1] if nargs else None)
    if cmd == "log":
        try:
            rx = re.compile(arg)
        except re.error as e:
            print("uml_log: bad regex %r: %s" % (arg, e), file=sys.stderr)
            return 2
    found, rc = False, 0
    for path in paths:
        try:
            with open(path) as f:
                v = json.load(f)
            if not isinstance(v, dict) or v.get("schema") != SCHEMA:
                raise ValueError("schema %r, not %d: boot again" % (
                    v.get("schema") if isinstance(v, dict) else None, SCHEMA))
        except (OSError, ValueError) as e:
            # The others are still worth reading (summary of several boots).
            print("uml_log: cannot read %s: %s" % (path, e), file=sys.stderr)
            rc = 2
            continue
        if cmd == "summary":
            print(v["summary"])
            found = True
        elif cmd == "skips":
            for s in v["skips"]:
                print("%s\t%s" % (s["test"], s["reason"]))
            found = True
        elif cmd == "find":
            for p, t in walk_json(v["tests"]):
                if arg in t["name"]:
                    print("%s\t%s" % (t["result"], "/".join(p)))
                    found = True
        elif cmd == "log":
            for line in log_lines_json(v):
                if rx.search(line):
                    print(line)
                    found = True
        elif cmd == "bugs":
            for b in v["kernel_bugs"]:
                print("%s\t%s" % (b["kind"], b["message"]))
                found = True
        elif cmd == "count":
            if arg not in v["kernel_log_counts"]:
                print("uml_log: %s counted no %r (boot.sh --count)" % (path, arg), file=sys.stderr)
                return 2
            print(v["kernel_log_counts"][arg])
            found = True
        elif cmd == "get":
            # KEY or KEY.SUBKEY of a top-level scalar: "timeout", "host.ncpus"
            x = v
            for k in arg.split("."):
                if not isinstance(x, dict) or k not in x:
                    print("uml_log: %s has no %r" % (path, arg), file=sys.stderr)
                    return 2
                x = x[k]
            if isinstance(x, (dict, list)):
                print("uml_log: %r is no scalar" % arg, file=sys.stderr)
                return 2
            print("" if x is None else x)
            found = True
    return rc or (0 if found else 1)


SUBCOMMANDS = ("summary", "skips", "find", "log", "bugs", "count", "get")


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under "| head"
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        return query(argv[0], argv[1:])
    return judge(argv)


if __name__ == "__main__":
    sys.exit(main())
