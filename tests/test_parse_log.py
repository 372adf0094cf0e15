# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/parse-log.py against console logs in tests/data/.

Recorded with scripts/boot.sh on the base UML kernel (boot output trimmed):
  good.log, fail-subtest.log, panic.log   small "um" collection (demo tests)
  good-real-smp.log, fail-sud-real.log    upstream size, mincore, timens and
                                          syscall_user_dispatch selftests
  hang.log, notests.log, no-init.log, noplan-bad-test-name.log
Made from good.log by editing: noplan.log, missing-result.log,
poweroff-no-end.log, warning.log, good-user-noise.log.

Run: python3 -m unittest discover -s tests
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PARSER = os.path.join(HERE, "..", "scripts", "parse-log.py")
DATA = os.path.join(HERE, "data")


def run(log, *args):
    """Run the parser; return (exit code, stdout lines, JSON dict)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        p = subprocess.run([sys.executable, PARSER, log, "--json", out, *args],
                           capture_output=True, text=True, check=False)
        verdict = None
        if os.path.exists(out):
            with open(out) as f:
                verdict = json.load(f)
    return p.returncode, p.stdout.splitlines(), verdict


def data(name):
    return os.path.join(DATA, name)


class TempLog:
    """A log file made from text, removed afterwards."""

    def __init__(self, text, newline="\n"):
        self.text, self.newline = text, newline

    def __enter__(self):
        fd, self.path = tempfile.mkstemp(suffix=".log")
        with os.fdopen(fd, "w", newline=self.newline) as f:
            f.write(self.text)
        return self.path

    def __exit__(self, *exc):
        os.unlink(self.path)


def read(name):
    with open(data(name)) as f:
        return f.read()


class GoodRuns(unittest.TestCase):
    def test_good(self):
        rc, out, v = run(data("good.log"))
        self.assertEqual(rc, 0, out)
        self.assertEqual(out[-1], "um selftests: 1 passed, 0 failed, 1 skipped (seccomp=on ncpus=1)")
        self.assertEqual(v["verdict"], "pass")
        self.assertEqual((v["passed"], v["failed"], v["skipped"]), (1, 0, 1))
        self.assertEqual([(t["name"], t["result"]) for t in v["tests"]],
                         [("um:demo_pass", "pass"), ("um:demo_skip", "skip")])
        self.assertFalse(any(line.startswith("FAIL") for line in out))

    def test_good_real_selftests_smp(self):
        rc, out, v = run(data("good-real-smp.log"))
        self.assertEqual(rc, 0, out)
        self.assertEqual(out[-1], "selftests: 10 passed, 0 failed, 0 skipped (seccomp=on ncpus=2)")
        self.assertIn("mincore:mincore_selftest", [t["name"] for t in v["tests"]])

    def test_crlf_console(self):
        # A console without "stty -onlcr" ends user lines in CR LF.
        with TempLog(read("good.log"), newline="\r\n") as log:
            rc, out, _ = run(log)
        self.assertEqual(rc, 0, out)

    def test_notests(self):
        rc, out, v = run(data("notests.log"))
        self.assertEqual(rc, 0, out)
        self.assertIn("no selftests in this tree", out[-1])
        self.assertEqual(v["verdict"], "pass")
        self.assertEqual(v["tests"], [])

    def test_test_output_is_not_kernel_log(self):
        # "# WARNING:" from a test is no kernel warning, and --count only
        # counts kernel lines: the user line saying "denied" is not one.
        rc, out, v = run(data("good-user-noise.log"), "--count", "denied", "--count", "epollctl")
        self.assertEqual(rc, 0, out)
        self.assertEqual(v["kernel_log_counts"], {"denied": 2, "epollctl": 2})
        self.assertIn("UMLBENCH-KERNEL-LOG-ISSUES: 4 'denied'=2 'epollctl'=2", out)

    def test_count_line_always_printed(self):
        _, out, v = run(data("good.log"))
        self.assertIn("UMLBENCH-KERNEL-LOG-ISSUES: 0", out)
        self.assertEqual(v["kernel_log_issues"], 0)


class FailedRuns(unittest.TestCase):
    def assertFails(self, name_or_path, reason, *args):
        path = name_or_path if os.path.isabs(name_or_path) else data(name_or_path)
        rc, out, v = run(path, *args)
        self.assertEqual(rc, 1, out)
        self.assertEqual(v["verdict"], "fail")
        self.assertIn(reason, v["reason"])
        self.assertIn("FAIL: " + v["reason"], out)
        return out, v

    def assertEditedFails(self, name, old, new, reason):
        """Recorded log NAME with OLD replaced by NEW must fail for REASON."""
        text = read(name)
        self.assertIn(old, text)
        with TempLog(text.replace(old, new)) as log:
            return self.assertFails(log, reason)

    def test_failing_subtest(self):
        out, v = self.assertFails("fail-subtest.log", "1 test(s) failed: um:demo_fail")
        self.assertIn("not ok um:demo_fail (exit=1): failed subtests: global.broken_thing", out)
        fail = [t for t in v["tests"] if t["result"] == "fail"]
        self.assertEqual(fail[0]["failed_subtests"], ["global.broken_thing"])
        self.assertEqual(out[-1], "um selftests: 1 passed, 1 failed, 1 skipped (seccomp=on ncpus=2)")

    def test_failing_real_selftests(self):
        out, v = self.assertFails("fail-sud-real.log", "2 test(s) failed")
        sud = [t for t in v["tests"] if t["name"] == "syscall_user_dispatch:sud_test"][0]
        self.assertEqual(len(sud["failed_subtests"]), 7)
        self.assertIn("global.dispatch_range", sud["failed_subtests"])
        self.assertIn("not ok syscall_user_dispatch:sud_benchmark (exit=255)", out)

    def test_panic(self):
        out, v = self.assertFails("panic.log", "kernel panic")
        self.assertIn("while running um:demo_crash", v["reason"])
        self.assertEqual(v["kernel_bugs"][0]["kind"], "panic")

    def test_hang(self):
        _, v = self.assertFails("hang.log", "hard timeout after 3 s")
        self.assertEqual(v["timeout"], 3)

    def test_no_tap_plan(self):
        self.assertFails("noplan.log", "no TAP plan")

    def test_runner_error_before_plan(self):
        _, v = self.assertFails("noplan-bad-test-name.log",
                                "no TAP plan (1..N) from run_kselftest.sh; it printed: No such test 'um:nonexistent'")
        self.assertIn("the guest run exited with rc=1", v["reasons"])

    def test_missing_result(self):
        self.assertFails("missing-result.log", "TAP plan 1..2 but 1 results")

    def test_power_off_without_end(self):
        self.assertFails("poweroff-no-end.log", "without UMLBENCH-END")

    def test_kernel_warning(self):
        self.assertFails("warning.log", "kernel warning at log line 42 (while running um:demo_pass)")

    def test_never_reached_init(self):
        self.assertFails("no-init.log", "Invalid seccomp option 'bogus'")

    def test_notests_with_error_rc(self):
        self.assertEditedFails("notests.log", "UMLBENCH-END rc=0", "UMLBENCH-END rc=1",
                               "exited with rc=1")

    def test_booted_twice(self):
        self.assertEditedFails("good.log", "UMLBENCH-BEGIN\n", "UMLBENCH-BEGIN\nUMLBENCH-BEGIN\n",
                               "booted 2 times")

    def test_duplicate_result_numbers(self):
        self.assertEditedFails("good.log", "ok 2 selftests: um: demo_skip",
                               "ok 1 selftests: um: demo_skip", "not numbered 1..2")

    def test_uml_crash_after_end(self):
        self.assertEditedFails("good.log", "UMLBENCH-HOST: exit=0", "UMLBENCH-HOST: exit=139",
                               "UML exited with status 139")

    def test_guest_error(self):
        self.assertEditedFails(
            "notests.log",
            "UMLBENCH-NOTESTS no run_kselftest.sh in /tmp/umlbench-wb/empty-ksft",
            "UMLBENCH-ERROR cannot mount host directory /nonexistent",
            "guest error: cannot mount host directory")

    def test_empty_log(self):
        with TempLog("") as log:
            self.assertFails(log, "never reached init")


class Usage(unittest.TestCase):
    def test_missing_log(self):
        rc, _, v = run(os.path.join(DATA, "does-not-exist.log"))
        self.assertEqual(rc, 2)
        self.assertIsNone(v)

    def test_bad_count_regex(self):
        rc, _, _ = run(data("good.log"), "--count", "(")
        self.assertEqual(rc, 2)


if __name__ == "__main__":
    unittest.main()
