# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/bench_report.py (the report of scripts/bench.sh) against
fabricated bench directories, and of guest/benchtime.c's reading of the
stub notification counters against fake counter files (STUB_NOTIF_FILE;
skipped without gcc).  No kernel is booted.

Run: python3 -m unittest -q tests/workbench/test_bench_report.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPORT = os.path.join(HERE, "..", "..", "scripts", "bench_report.py")
BENCHTIME = os.path.join(HERE, "..", "..", "guest", "benchtime.c")

RTT = """\
NOTIF-RTT cpu=pinned kind=syscall median_ns=120.0 min_ns=118.0 max_ns=130.0 reps=3 calls=1000
NOTIF-RTT cpu=pinned kind=notif median_ns=3900.0 min_ns=3800.0 max_ns=4000.0 reps=3 calls=1000
NOTIF-RTT cpu=pinned kind=notif_sync median_ns=4000.0 min_ns=3900.0 max_ns=4100.0 reps=3 calls=1000
NOTIF-RTT cpu=unpinned kind=syscall median_ns=100.0 min_ns=99.0 max_ns=110.0 reps=3 calls=1000
NOTIF-RTT cpu=unpinned kind=notif median_ns=80000.0 min_ns=70000.0 max_ns=90000.0 reps=3 calls=1000
NOTIF-RTT cpu=unpinned kind=notif_sync median_ns=3500.0 min_ns=3400.0 max_ns=3600.0 reps=3 calls=1000
"""
RTT_NO_SYNC = "\n".join(l.replace("median_ns=4000.0 min_ns=3900.0 max_ns=4100.0 reps=3",
                                  "median_ns=n/a min_ns=n/a max_ns=n/a reps=0")
                        for l in RTT.splitlines()) + "\n"

# parked and unmap-all count events, not notifications: left out of the sum
F1 = {"mmap": 60000, "munmap": 40000, "report": 10000, "denied": 0, "parked": 7, "unmap-all": 2}
F2 = {"mmap": 60000, "munmap": 40000, "report": 10002, "denied": 0}
PF = {"mmap": 50000, "munmap": 0, "report": 0, "denied": 0}

# (setting, label, run, {workload: seconds, or None for a failed workload},
#  {workload: counters}); runs.tsv gets status 1 where a workload failed.
# Pinned: forkexec adds 0.5 s for 110001 notifications x 4000 ns (bound
# 0.484 s: missed), pagefault 0.2 s for 50000 (bound 0.22 s: met).
RUNS = [
    ("pinned", "base", 1, {"forkexec": 2.0, "pagefault": 2.0}, {}),
    ("pinned", "series", 1, {"forkexec": 2.6, "pagefault": 2.2}, {"forkexec": F1, "pagefault": PF}),
    ("pinned", "ptrace", 1, {"forkexec": 4.0, "pagefault": 3.0}, {}),
    ("unpinned", "base", 1, {"forkexec": 4.0, "pagefault": 4.0}, {}),
    ("unpinned", "series", 1, {"forkexec": 3.0, "pagefault": 4.4}, {"forkexec": F1, "pagefault": PF}),
    ("unpinned", "ptrace", 1, {"forkexec": 9.0, "pagefault": 8.0}, {}),
    ("2vcpu", "base", 1, {"forkexec": 3.0, "pagefault": 3.0}, {}),
    ("2vcpu", "series", 1, {"forkexec": 2.7, "pagefault": None},
     {"forkexec": {"mmap": 100, "munmap": 50, "report": 20, "denied": 3}}),
    ("pinned", "base", 2, {"forkexec": 2.2, "pagefault": 2.0}, {}),
    ("pinned", "series", 2, {"forkexec": 2.6, "pagefault": 2.2}, {"forkexec": F2, "pagefault": PF}),
    ("unpinned", "base", 2, {"forkexec": 5.0, "pagefault": 4.0}, {}),
    ("unpinned", "series", 2, {"forkexec": 5.5, "pagefault": 4.2}, {"forkexec": F2, "pagefault": PF}),
]


def log_text(seconds, notif, noise=False):
    lines = ["UMLBENCH-HOST: kernel=/k seccomp=on ncpus=1", "UMLBENCH-BEGIN",
             "BENCH-CONFIG forks=1000 pf_mib=64"]
    if not notif:
        lines.append("BENCH-INFO no /sys/kernel/debug/um/stub_notifications: "
                     "notification counts n/a")
    for w, s in seconds.items():
        lines.append("BENCH name=%s seconds=%.6f" % (w, 1.0 if s is None else s))
        if w in notif:
            counters = " ".join("%s=%d" % kv for kv in notif[w].items())
            # A kernel message may share the console line.
            lines.append("%sBENCH-NOTIF name=%s %s" % ("[    1.23] x " if noise else "",
                                                      w, counters))
        if s is None:
            lines.append("BENCH-FAIL name=%s status=1" % w)
    lines.append("UMLBENCH-END rc=0")
    return "\n".join(lines) + "\n"


class Bench:
    """A fabricated bench directory; report() runs report.py on it."""

    def __init__(self, runs=RUNS, rtt=RTT, noise=False):
        self.dir = tempfile.mkdtemp(prefix="bench-report-test.")
        os.mkdir(os.path.join(self.dir, "logs"))
        with open(os.path.join(self.dir, "runs.tsv"), "w") as tsv:
            for setting, label, run, seconds, notif in runs:
                failed = any(s is None for s in seconds.values())
                tsv.write("%s\t%s\t%s\t%d\t%d\t%d\n" % (
                    setting, label, "off" if label == "ptrace" else "on", run, int(failed), 20))
                with open(os.path.join(self.dir, "logs", "%s-%s-%d.log" % (setting, label, run)),
                          "w") as f:
                    f.write(log_text(seconds, notif, noise))
        if rtt is not None:
            with open(os.path.join(self.dir, "notif_rtt.txt"), "w") as f:
                f.write(rtt)

    def add_fairness(self, ncpus, run, status, lines):
        """A fairness boot (bench.sh's fair_boot) with boot status STATUS and
        LINES on its console."""
        setting = "fairness-%dvcpu" % ncpus
        with open(os.path.join(self.dir, "runs.tsv"), "a") as tsv:
            tsv.write("%s\tseries\ton\t%d\t%d\t25\n" % (setting, run, status))
        with open(os.path.join(self.dir, "logs", "%s-series-%d.log" % (setting, run)), "w") as f:
            f.write("\n".join(["UMLBENCH-BEGIN"] + lines + ["UMLBENCH-END rc=%d" % status]) + "\n")

    def report(self):
        """(exit code, stdout lines, results.json)."""
        p = subprocess.run([sys.executable, REPORT, "--dir", self.dir, "--pin-cpu", "1",
                            "--meta", "pairs=2"], capture_output=True, text=True, check=False)
        res = None
        path = os.path.join(self.dir, "results.json")
        if os.path.exists(path):
            with open(path) as f:
                res = json.load(f)
        return p.returncode, p.stdout.splitlines(), res

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.dir)


def line_with(out, *words):
    """The first line of out that holds every word."""
    for line in out:
        if all(w in line for w in words):
            return line
    raise AssertionError("no line with %r in:\n%s" % (words, "\n".join(out)))


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with Bench() as b:
            cls.rc, cls.out, cls.res = b.report()

    def test_exit_status_ignores_budgets(self):
        # Budgets missed and a failed workload: the report is still made.
        self.assertEqual(self.rc, 0, "\n".join(self.out))
        self.assertIn("failed run: 2vcpu series #1: boot status 1, workloads failed: pagefault",
                      self.out)

    def test_notification_totals(self):
        fe = self.res["summary"]["pinned"]["forkexec"]
        self.assertEqual(fe["notifications_runs"], [110000, 110002])
        self.assertEqual(fe["notifications"], 110001)
        self.assertEqual(fe["notifications_by_name"],
                         {"denied": 0, "mmap": 60000, "munmap": 40000, "report": 10001,
                          "parked": 7, "unmap-all": 2})
        # Denials, parks and unmap-alls are in the breakdown, not in the total.
        smp = self.res["summary"]["2vcpu"]["forkexec"]
        self.assertEqual(smp["notifications"], 170)
        self.assertEqual(smp["notifications_by_name"]["denied"], 3)
        self.assertIn("denied: 2vcpu series #1 forkexec: 3 stub calls denied", self.out)
        # Base runs have no counts.
        runs = [r for r in self.res["runs"] if r["label"] == "base"]
        self.assertTrue(runs and all(r["notifications"] == {} for r in runs))

    def test_table_shows_totals(self):
        self.assertRegex(line_with(self.out, "forkexec", "2.100 [2.000-2.200]"), r" 110001$")
        self.assertRegex(line_with(self.out, "pagefault", "2.200 [2.200-2.200]"), r" 50000$")
        self.assertIn("unpinned, 2 vCPUs: seconds, median [min-max]; ratio: median per pair",
                      self.out)
        self.assertRegex(line_with(self.out, "forkexec", "2.700 [2.700-2.700]"),
                         r" 0\.900 +170$")

    def test_budget_a(self):
        a = self.res["budgets"]["a"]["settings"]["pinned"]
        self.assertEqual(a["verdict"], "missed")
        fe = a["workloads"]["forkexec"]
        self.assertEqual(fe["verdict"], "missed")
        self.assertAlmostEqual(fe["extra_seconds"], 0.5)
        self.assertEqual((fe["notifications"], fe["rtt_ns"], fe["rtt_kind"]),
                         (110001, 4000.0, "notif_sync"))
        self.assertAlmostEqual(fe["bound_seconds"], 1.1 * 110001 * 4000e-9)
        pf = a["workloads"]["pagefault"]
        self.assertEqual(pf["verdict"], "met")
        self.assertAlmostEqual(pf["bound_seconds"], 0.22)
        self.assertRegex(line_with(self.out, "forkexec", "+0.500"),
                         r"\+0\.500 +110001 +4000 +0\.484 +88% +missed$")

    def test_budget_b(self):
        b = self.res["budgets"]["b"]["settings"]
        self.assertEqual(b["unpinned"]["verdict"], "missed")
        fe = b["unpinned"]["workloads"]["forkexec"]
        self.assertEqual(fe["verdict"], "met")
        self.assertAlmostEqual(fe["series_over_base"], (0.75 + 1.1) / 2)
        self.assertEqual(len(fe["series_over_base_pairs"]), 2)
        self.assertEqual(b["unpinned"]["workloads"]["pagefault"]["verdict"], "missed")
        # 2 vCPUs: pagefault failed in the only series run, so no pair.
        self.assertEqual(b["2vcpu"]["workloads"]["forkexec"]["verdict"], "met")
        self.assertEqual(b["2vcpu"]["workloads"]["pagefault"]["verdict"], "n/a")
        self.assertEqual(b["2vcpu"]["verdict"], "n/a")
        self.assertIn("pairs: 0.750 1.100", line_with(self.out, "forkexec", "0.925", "pairs:"))

    def test_budget_c(self):
        c = self.res["budgets"]["c"]["settings"]
        self.assertEqual(c["pinned"]["workloads"]["forkexec"]["verdict"], "met")
        self.assertAlmostEqual(c["pinned"]["workloads"]["forkexec"]["ptrace_over_series"],
                               4.0 / 2.6)
        self.assertEqual(c["pinned"]["workloads"]["pagefault"]["verdict"], "missed")
        self.assertEqual(c["pinned"]["verdict"], "missed")
        self.assertEqual(c["unpinned"]["verdict"], "met")

    def test_summary_line(self):
        self.assertIn("budgets: (a) pinned missed; (b) unpinned missed, 2 vCPUs n/a; "
                      "(c) pinned missed, unpinned met", self.out)


def without_counts(runs):
    return [(s, lab, i, sec, {}) for s, lab, i, sec, _ in runs]


class MissingInputs(unittest.TestCase):
    def test_no_counter_file(self):
        # The series kernel without stub_notifications: (a) cannot be judged.
        with Bench(runs=without_counts(RUNS)) as b:
            rc, out, res = b.report()
        self.assertEqual(rc, 0, "\n".join(out))
        a = res["budgets"]["a"]["settings"]["pinned"]
        self.assertEqual(a["verdict"], "n/a")
        self.assertEqual(a["workloads"]["forkexec"]["why"], "no notification counts")
        self.assertIsNone(res["summary"]["pinned"]["forkexec"]["notifications"])
        self.assertIn("(no notification counts: the series kernel has no "
                      "/sys/kernel/debug/um/stub_notifications)", out)
        self.assertRegex(line_with(out, "forkexec", "2.100 [2.000-2.200]"), r" n/a$")
        # The other budgets do not need counts.
        self.assertEqual(res["budgets"]["c"]["settings"]["unpinned"]["verdict"], "met")

    def test_host_without_sync_wake_up(self):
        # The series then runs without SYNC_WAKE_UP: the plain round trip counts.
        with Bench(rtt=RTT_NO_SYNC) as b:
            _, out, res = b.report()
        fe = res["budgets"]["a"]["settings"]["pinned"]["workloads"]["forkexec"]
        self.assertEqual((fe["rtt_ns"], fe["rtt_kind"]), (3900.0, "notif"))
        self.assertIn("  pinned    notif_sync  n/a (host lacks SYNC_WAKE_UP)", out)

    def test_no_round_trip(self):
        with Bench(rtt=None) as b:
            rc, _, res = b.report()
        self.assertEqual(rc, 0)
        fe = res["budgets"]["a"]["settings"]["pinned"]["workloads"]["forkexec"]
        self.assertEqual(fe["verdict"], "n/a")
        self.assertIn("no round trip", fe["why"])

    def test_no_2vcpu_runs(self):
        with Bench(runs=[r for r in RUNS if r[0] != "2vcpu"]) as b:
            _, out, res = b.report()
        self.assertEqual(res["budgets"]["b"]["settings"]["2vcpu"],
                         {"verdict": "n/a", "workloads": {}})
        self.assertFalse(any("2 vCPUs: seconds" in line for line in out))

    def test_console_noise(self):
        with Bench(noise=True) as b:
            _, _, res = b.report()
        self.assertEqual(res["summary"]["pinned"]["forkexec"]["notifications"], 110001)


def fairness(kind, gap, end="killed", kill=1.0, extra=""):
    """A fairness line of stub_sigalrm_test, as the runner prints it."""
    return ("# # fairness: hostile=%s vcpus=1 seconds=5 wakeups_per_s=800 worst_gap_ms=%.1f "
            "end=%s kill_ms=%.1f%s" % (kind, gap, end, kill, extra))


class Fairness(unittest.TestCase):
    def test_medians_ratios_and_verdicts(self):
        with Bench() as b:
            b.add_fairness(1, 1, 0, [
                fairness("sigalrm-blocker", 60.0),
                fairness("sigalrm-blocker+puncher", 90.0,
                         extra=" punches_per_s=700 worst_punch_ms=4.0"),
                fairness("cpu-hog", 30.0),
                fairness("cpu-hog+puncher", 45.0,
                         extra=" punches_per_s=900 worst_punch_ms=2.0")])
            # The kernel killed it: no kill time; the selftest failed.
            b.add_fairness(1, 2, 1, [fairness("sigalrm-blocker", 20.0, "early", -1.0),
                                     fairness("cpu-hog", 10.0)])
            # A hung boot: no numbers.
            b.add_fairness(2, 1, 1, [])
            rc, out, res = b.report()
        self.assertEqual(rc, 0, "\n".join(out))
        one = res["fairness"]["1"]
        self.assertEqual(one["sigalrm-blocker"]["end"], ["killed", "early"])
        self.assertEqual(one["sigalrm-blocker"]["worst_gap_ms"], 40.0)
        self.assertEqual(one["sigalrm-blocker"]["kill_ms"], 1.0)
        self.assertEqual(one["cpu-hog"]["worst_gap_ms"], 20.0)
        self.assertEqual(one["sigalrm-blocker"]["worst_gap_over_cpu_hog"], 2.0)
        # The puncher case against its own control, not the plain hog
        self.assertEqual(one["sigalrm-blocker+puncher"]["worst_gap_over_cpu_hog"], 2.0)
        self.assertEqual(one["sigalrm-blocker+puncher"]["punches_per_s"], 700.0)
        self.assertEqual(res["fairness"]["2"]["cpu-hog"]["runs"], 0)
        self.assertRegex(line_with(out, "1     sigalrm-blocker+puncher"),
                         r" 800 +90\.0 +2\.00 killed +1\.0 +700 +4\.0$")
        self.assertRegex(line_with(out, "1     cpu-hog+puncher"),
                         r" 800 +45\.0 +killed +1\.0 +900 +2\.0$")
        self.assertRegex(line_with(out, "2     sigalrm-blocker "), r" n/a +n/a +n/a n/a ")
        self.assertIn("fairness: fairness-1vcpu #2: stub_sigalrm_test or the boot failed "
                      "(status 1): ", line_with(out, "fairness-1vcpu #2"))
        # Their verdicts are not among the failed runs.
        self.assertFalse(any(line.startswith("failed run: fairness") for line in out))


@unittest.skipUnless(shutil.which("gcc"), "gcc needed to build guest/benchtime.c")
class Benchtime(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="benchtime-test.")
        cls.prog = os.path.join(cls.tmp, "benchtime")
        subprocess.run(["gcc", "-O2", "-Wall", "-Werror", "-o", cls.prog, BENCHTIME], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def run_with(self, before, after, *cmd):
        """benchtime on CMD (default: write AFTER to the counter file), the
        file holding BEFORE (None: no file); returns (status, stdout lines, stderr)."""
        path = os.path.join(self.tmp, "stub_notifications")
        if os.path.exists(path):
            os.unlink(path)
        if before is not None:
            with open(path, "w") as f:
                f.write(before)
        if not cmd:
            cmd = ("sh", "-c", 'printf "%s" >"$0"' % after, path)
        p = subprocess.run([self.prog, "work", *cmd], capture_output=True, text=True,
                           check=False, env=dict(os.environ, STUB_NOTIF_FILE=path))
        return p.returncode, p.stdout.splitlines(), p.stderr

    def test_differences_by_name(self):
        rc, out, _ = self.run_with("mmap 10\nmunmap 5\nreport 7\ndenied 0\n",
                                   "mmap 110\\nmunmap 25\\nreport 9\\ndenied 1\\nnew 4\\n")
        self.assertEqual(rc, 0)
        self.assertRegex(out[0], r"^BENCH name=work seconds=[0-9.]+$")
        # A name only in the second reading has no difference to show.
        self.assertEqual(out[1], "BENCH-NOTIF name=work mmap=100 munmap=20 report=2 denied=1")

    def test_no_file(self):
        rc, out, err = self.run_with(None, None, "true")
        self.assertEqual(rc, 0)
        self.assertEqual(len(out), 1)
        self.assertEqual(err, "")

    def test_unexpected_text(self):
        for text in ("mmap 10\nbad line\n", "mmap ten\n", "", "mmap 1 2\n"):
            rc, out, err = self.run_with(text, None, "true")
            self.assertEqual(rc, 0)
            self.assertEqual(len(out), 1, text)
            self.assertIn("benchtime:", err)

    def test_failed_command(self):
        rc, out, _ = self.run_with("mmap 1\n", None, "false")
        self.assertEqual(rc, 1)
        self.assertEqual(out[1:], ["BENCH-NOTIF name=work mmap=0", "BENCH-FAIL name=work status=1"])


if __name__ == "__main__":
    unittest.main()
