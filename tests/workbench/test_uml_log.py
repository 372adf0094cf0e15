# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/uml_log.py (the console log parser: verdict, result
tree, JSON, subcommands) against console logs in test_data/.

Recorded with scripts/boot.sh on the base UML kernel (boot output trimmed):
  good.log, fail-subtest.log, panic.log   small "um" collection (demo tests)
  good-real-smp.log, fail-sud-real.log    upstream size, mincore, timens and
                                          syscall_user_dispatch selftests
  hang.log, notests.log, no-init.log, noplan-bad-test-name.log
  wedge-real.log      stub_sigalrm_test wedging the base (make check)
  cmd-hang-real.log   stub_protocol_test run directly (--run cmd), hanging
                      the base in one case (make check)
Made from good.log by editing: noplan.log, missing-result.log,
poweroff-no-end.log, warning.log, good-user-noise.log.

Run: python3 -m unittest -q tests/workbench/test_uml_log.py
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "..", "scripts")
PARSER = os.path.join(SCRIPTS, "uml_log.py")
DATA = os.path.join(HERE, "test_data")
sys.path.insert(0, SCRIPTS)
import uml_log  # noqa: E402
from uml_log import TestStatus  # noqa: E402


def main(*args):
    """uml_log.main() in this process (seconds faster than a program per
    test; class Program runs the program itself): (exit code, stdout lines)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = uml_log.main(list(args))
    return rc, out.getvalue().splitlines()


def run(log, *args):
    """Run the parser; return (exit code, stdout lines, JSON dict)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        rc, lines = main(log, "--json", out, *args)
        verdict = None
        if os.path.exists(out):
            with open(out) as f:
                verdict = json.load(f)
    return rc, lines, verdict


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


def tree(name):
    """The Run of a recorded log, through the module."""
    return uml_log.parse_log(uml_log.read_lines(data(name)))


class Tree(unittest.TestCase):
    def test_nested_results(self):
        r = tree("good.log")
        self.assertEqual([(t.name, t.number, t.status) for t in r.tests],
                         [("um:demo_pass", 1, TestStatus.SUCCESS), ("um:demo_skip", 2, TestStatus.SKIPPED)])
        sub = r.tests[0].subtests
        self.assertEqual([(t.name, t.status) for t in sub],
                         [("global.getpid_works", TestStatus.SUCCESS),
                          ("global.pipe_roundtrip", TestStatus.SUCCESS),
                          ("global.not_here", TestStatus.SKIPPED)])
        self.assertEqual(sub[2].skip_reason, "feature not present")
        self.assertEqual((r.root.plan, r.tests[0].plan), (2, 3))
        self.assertIn(" RUN           global.not_here ...", sub[2].log)
        c = r.root.counts()
        self.assertEqual((c.passed, c.failed, c.skipped, c.crashed, c.errors), (2, 0, 2, 0, 0))

    def test_failed_subtests(self):
        r = tree("fail-subtest.log")
        fail = [t for t in r.tests if t.status == TestStatus.FAILURE][0]
        self.assertEqual(fail.failed_subtests(), ["global.broken_thing"])
        self.assertEqual(r.root.counts().failed, 1)

    def test_crash_in_kselftest_runner(self):
        # The guest hung in the second case of stub_sigalrm_test: the test
        # is there, crashed, with the first case passed and one missing.
        r = tree("wedge-real.log")
        self.assertEqual([(t.name, t.number, t.status) for t in r.tests],
                         [("um:stub_sigalrm_test", None, TestStatus.CRASHED)])
        t = r.tests[0]
        self.assertEqual(t.plan, 2)
        self.assertEqual([(s.name, s.status) for s in t.subtests],
                         [("global.stub_sigalrm_test_is_written_for_x86_64", TestStatus.SUCCESS)])
        self.assertEqual(r.running(), "um:stub_sigalrm_test")
        c = r.root.counts()
        self.assertEqual((c.passed, c.crashed), (1, 1))

    def test_crash_in_harness_run_directly(self):
        # --run cmd: the harness's TAP is the top level; its "RUN" line
        # names the case that never finished.
        r = tree("cmd-hang-real.log")
        self.assertEqual(r.root.plan, 17)
        self.assertEqual(len(r.tests), 14)
        self.assertTrue(all(t.status == TestStatus.SKIPPED for t in r.tests[:13]))
        self.assertEqual(r.tests[0].skip_reason,
                         "UM_PROTOCOL_CASE=sigalrm_blocked_futex_sleep selects another case")
        last = r.tests[-1]
        self.assertEqual((last.name, last.status, last.number),
                         ("blocked_sigalrm.then_asleep_on_the_stub_futex.process_is_killed_in_time",
                          TestStatus.CRASHED, None))
        ok, reasons = uml_log.verdict(r)
        self.assertFalse(ok)
        self.assertEqual(reasons[0], "hard timeout after 25 s: the guest hung (while running %s)" % last.name)

    def test_tap_elements(self):
        self.assertEqual(uml_log.parse_tap_version("TAP version 13"), 13)
        self.assertEqual(uml_log.parse_plan("1..7"), 7)
        self.assertIsNone(uml_log.parse_plan("# 1..7"))
        self.assertEqual(uml_log.parse_test_header("selftests: um: memory_test"), "um:memory_test")
        self.assertEqual(uml_log.parse_test_header(" RUN           a.b ..."), "a.b")
        self.assertIsNone(uml_log.parse_test_header("ok 1 a.b"))
        self.assertEqual(uml_log.parse_diagnostic("# # x"), "# x")
        self.assertIsNone(uml_log.parse_diagnostic("ok 1 x"))
        self.assertEqual(uml_log.parse_directive("SKIP needs 2 CPUs"), ("SKIP", "needs 2 CPUs"))
        self.assertEqual(uml_log.parse_directive("exit=1"), ("", "exit=1"))
        self.assertTrue(uml_log.parse_bail_out("Bail out! no disk"))

    def test_result_status(self):
        def status(line, top=False):
            return uml_log.parse_test_result(line, top).status
        self.assertEqual(status("ok 1 a # SKIP why"), TestStatus.SKIPPED)
        self.assertEqual(status("not ok 1 a # SKIP why"), TestStatus.SKIPPED)
        self.assertEqual(status("not ok 1 a # XFAIL known"), TestStatus.XFAIL)
        self.assertEqual(status("not ok 1 a # TIMEOUT 45 seconds"), TestStatus.FAILURE)
        # The runner says "not ok" only for a failure.
        self.assertEqual(status("not ok 1 selftests: um: a # SKIP", top=True), TestStatus.FAILURE)
        self.assertIsNone(uml_log.parse_test_result("# ok 1 a", False))


class Json(unittest.TestCase):
    """The JSON's own keys; the verdict keys are tested above."""

    def test_schema(self):
        for name in sorted(os.listdir(DATA)):
            with self.subTest(log=name):
                rc, _, v = run(data(name))
                self.assertIn(rc, (0, 1))
                self.assertEqual(uml_log.check_json(v), [])

    def test_nested_results_and_skips(self):
        _, _, v = run(data("good.log"))
        self.assertEqual(v["schema"], uml_log.SCHEMA)
        self.assertEqual(v["counts"], {"passed": 2, "failed": 0, "skipped": 2, "xfail": 0,
                                       "crashed": 0, "errors": 0})
        self.assertEqual(v["skips"], [{"test": "um:demo_pass/global.not_here", "reason": "feature not present"},
                                      {"test": "um:demo_skip", "reason": ""}])
        self.assertEqual([t["name"] for t in v["tests"][0]["subtests"]],
                         ["global.getpid_works", "global.pipe_roundtrip", "global.not_here"])
        self.assertEqual(v["summary"], "um selftests: 1 passed, 0 failed, 1 skipped (seccomp=on ncpus=1)")
        self.assertEqual(v["host"]["ncpus"], "1")

    def test_crashed(self):
        _, _, v = run(data("wedge-real.log"))
        self.assertEqual(v["crashed"], ["um:stub_sigalrm_test"])
        self.assertEqual(v["tests"][0]["result"], "crashed")
        self.assertIsNone(v["tests"][0]["number"])
        # The old keys count results only, as before.
        self.assertEqual((v["passed"], v["failed"], v["skipped"]), (0, 0, 0))


class Subcommands(unittest.TestCase):
    """uml_log.py summary/skips/find/log/bugs/count JSON: what the shell
    scripts read instead of grepping the console log."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.json = {}
        for name in ("good.log", "good-user-noise.log", "panic.log", "wedge-real.log", "good-real-smp.log"):
            out = os.path.join(cls.tmp.name, name + ".json")
            main(data(name), "--json", out, "--count", "denied")
            cls.json[name] = out

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def query(self, *args):
        return main(*args)

    def test_summary(self):
        rc, out = self.query("summary", self.json["good.log"], self.json["good-real-smp.log"])
        self.assertEqual(rc, 0)
        self.assertEqual(out, ["um selftests: 1 passed, 0 failed, 1 skipped (seccomp=on ncpus=1)",
                               "selftests: 10 passed, 0 failed, 0 skipped (seccomp=on ncpus=2)"])

    def test_skips(self):
        self.assertEqual(self.query("skips", self.json["good.log"]),
                         (0, ["um:demo_pass/global.not_here\tfeature not present", "um:demo_skip\t"]))
        self.assertEqual(self.query("skips", self.json["good-real-smp.log"]),
                         (0, ["mincore:mincore_selftest/global.check_huge_pages\t"
                              "No huge pages available or CONFIG_HUGETLB_PAGE disabled.",
                              "mincore:mincore_selftest/global.check_file_mmap\t"
                              "O_TMPFILE not supported by filesystem."]))
        self.assertEqual(self.query("skips", self.json["wedge-real.log"]), (0, []))

    def test_find(self):
        self.assertEqual(self.query("find", self.json["wedge-real.log"], "sigalrm"),
                         (0, ["crashed\tum:stub_sigalrm_test",
                              "pass\tum:stub_sigalrm_test/global.stub_sigalrm_test_is_written_for_x86_64"]))
        self.assertEqual(self.query("find", self.json["good.log"], "nonexistent"), (1, []))

    def test_log(self):
        self.assertEqual(self.query("log", self.json["good.log"], "^ +SKIP"), (0, ["     SKIP      feature not present"]))
        self.assertEqual(self.query("log", self.json["good.log"], "nothing like this")[0], 1)
        self.assertEqual(self.query("log", self.json["good.log"], "(")[0], 2)

    def test_bugs(self):
        rc, out = self.query("bugs", self.json["panic.log"])
        self.assertEqual(rc, 0)
        self.assertTrue(out[0].startswith("panic\tKernel panic - not syncing"), out)
        self.assertEqual(self.query("bugs", self.json["good.log"]), (1, []))

    def test_count(self):
        self.assertEqual(self.query("count", self.json["good-user-noise.log"], "denied"), (0, ["2"]))
        self.assertEqual(self.query("count", self.json["good.log"], "other")[0], 2)

    def test_get(self):
        self.assertEqual(self.query("get", self.json["wedge-real.log"], "timeout"), (0, ["60"]))
        self.assertEqual(self.query("get", self.json["good.log"], "timeout"), (0, [""]))
        self.assertEqual(self.query("get", self.json["good.log"], "host.ncpus"), (0, ["1"]))
        self.assertEqual(self.query("get", self.json["good.log"], "tests")[0], 2)
        self.assertEqual(self.query("get", self.json["good.log"], "host.nothing")[0], 2)

    def test_summary_of_several_with_one_missing(self):
        rc, out = self.query("summary", self.json["good.log"], data("missing.json"), self.json["good-real-smp.log"])
        self.assertEqual(rc, 2)
        self.assertEqual(len(out), 2)

    def test_unreadable_json(self):
        self.assertEqual(self.query("summary", data("does-not-exist.json"))[0], 2)
        with TempLog('{"schema": 1}') as old:
            self.assertEqual(self.query("summary", old)[0], 2)
        with TempLog("not json") as bad:
            self.assertEqual(self.query("skips", bad)[0], 2)
        self.assertEqual(self.query("find", self.json["good.log"])[0], 2)


class Program(unittest.TestCase):
    """The program as boot.sh and the scripts run it."""

    def program(self, *args):
        p = subprocess.run([PARSER, *args], capture_output=True, text=True, check=False)
        return p.returncode, p.stdout.splitlines()

    def test_exit_codes(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "v.json")
            self.assertEqual(self.program(data("good.log"), "--json", out)[0], 0)
            self.assertEqual(self.program("summary", out),
                             (0, ["um selftests: 1 passed, 0 failed, 1 skipped (seccomp=on ncpus=1)"]))
            self.assertEqual(self.program(data("hang.log"))[0], 1)
            self.assertEqual(self.program(data("does-not-exist.log"))[0], 2)


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
