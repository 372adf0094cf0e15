#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py --dir OUT [--pin-cpu N] [--meta KEY=VALUE]...: the report of
scripts/bench.sh.  Reads OUT/runs.tsv (one line per boot: setting, label,
seccomp, run, boot.sh status, wall seconds), each boot's console log
OUT/logs/SETTING-LABEL-RUN.log (BENCH and BENCH-NOTIF lines) and
OUT/notif_rtt.txt; prints the tables and the budget lines and writes
OUT/results.json.

Settings: pinned and unpinned boot one vCPU, 2vcpu boots two (unpinned).
Labels: base and series are the two kernels in seccomp mode, ptrace is the
base kernel with seccomp=off.  Ratios series/base are taken per pair (run i
of base against run i of series, booted one after the other), then their
median; ptrace/base and ptrace/series are ratios of medians, as ptrace runs
are not paired.  Notifications: per run the sum of the BENCH-NOTIF counters
but "denied", "parked" and "unmap-all", which count events, not
notifications (mmap + munmap + report + whatever the kernel adds later),
then the median over the series runs.

Budget lines (issue 6), each per workload "met", "missed" or "n/a" (a
number missing), and for a setting "missed" if any workload missed, else
"n/a" if any is n/a, else "met":
  (a) pinned: series - base (medians) <= 1.10 x notifications x the bare
      round trip notif_rtt measured pinned (with SYNC_WAKE_UP, which the
      series sets where the host has it; without it on hosts that lack it)
  (b) unpinned, 1 and 2 vCPUs: series/base <= 1.00
  (c) pinned and unpinned: ptrace/series >= 1.5
They are reported, never enforced: the exit status says only whether the
report could be made.

Fairness: settings fairness-1vcpu and fairness-2vcpu are boots of the
series kernel running the um selftest stub_sigalrm_test, which prints per
process its victim ran beside (sigalrm-blocker, sigalrm-blocker+puncher,
cpu-hog, cpu-hog+puncher) one "fairness: hostile=KIND key=value..." line.  Per vCPU count
and KIND: medians over the boots of the victim's wake-ups per second and
worst gap, of the kill time (runs that ended otherwise left out) and of
the puncher's punches per second and worst punch; how each run ended; and
the worst gap beside KIND over that beside its control: cpu-hog, or for
sigalrm-blocker+puncher the same puncher beside a CPU hog (cpu-hog+puncher)
where that ran.  The selftest's
verdict (the boot's status) is shown, not enforced.
"""
import argparse
import json
import os
import re
import statistics
import sys

WORKLOADS = ["forkexec", "pagefault", "mmapchurn", "threadchurn", "mixed"]
LABELS = ["base", "series", "ptrace"]
SETTINGS = ["pinned", "unpinned", "2vcpu"]
# Budget lines (see above).
A_SLACK = 1.10
B_MAX = 1.00
C_MIN = 1.5
# Anywhere in a line: kernel messages may share a console line with ours.
BENCH = re.compile(r"BENCH name=(\S+) seconds=([0-9.]+)")
NOTIF = re.compile(r"BENCH-NOTIF name=(\S+)((?: [\w-]+=-?\d+)*)")
# Counters of stub_notifications that are events, not notifications
NOT_NOTIFICATIONS = ("denied", "parked", "unmap-all")
COUNTER = re.compile(r"([\w-]+)=(-?\d+)")
FAIL = re.compile(r"BENCH-FAIL name=(\S+)")
CONFIG = re.compile(r"BENCH-CONFIG (.*)")
RTT = re.compile(r"NOTIF-RTT cpu=(\S+) kind=(\S+) median_ns=(\S+) min_ns=(\S+) max_ns=(\S+)")
FAIR = re.compile(r"fairness: hostile=(\S+)((?: \w+=\S+)*)")
FAIR_FIELD = re.compile(r"(\w+)=(\S+)")
FAIR_SETTING = re.compile(r"fairness-(\d+)vcpu$")
FAIR_KINDS = ["sigalrm-blocker", "sigalrm-blocker+puncher", "cpu-hog", "cpu-hog+puncher"]
FAIR_NUMS = ["wakeups_per_s", "worst_gap_ms", "kill_ms", "punches_per_s", "worst_punch_ms"]


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def parse_log(path):
    seconds, notif, failed, config, fair = {}, {}, set(), None, {}
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except OSError as e:
        return None, "cannot read %s: %s" % (path, e.strerror)
    for line in text.split("\n"):
        m = BENCH.search(line)
        if m:
            seconds[m.group(1)] = float(m.group(2))
        m = NOTIF.search(line)
        if m and COUNTER.search(m.group(2)):
            notif[m.group(1)] = {k: int(v) for k, v in COUNTER.findall(m.group(2))}
        m = FAIL.search(line)
        if m:
            failed.add(m.group(1))
        m = CONFIG.search(line)
        if m and config is None:
            config = dict(kv.split("=", 1) for kv in m.group(1).split() if "=" in kv)
        m = FAIR.search(line)
        if m:
            fair[m.group(1)] = {k: v if num(v) is None else num(v)
                                for k, v in FAIR_FIELD.findall(m.group(2))}
    # A failed workload's time is not a measurement.
    for w in failed:
        seconds.pop(w, None)
        notif.pop(w, None)
    return {"seconds": seconds, "notifications": notif, "failed": sorted(failed),
            "guest_config": config, "fairness": fair}, None


def read_runs(d):
    runs = []
    path = os.path.join(d, "runs.tsv")
    try:
        with open(path) as f:
            lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    except OSError as e:
        sys.exit("report: cannot read %s: %s (run scripts/bench.sh)" % (path, e.strerror))
    for fields in lines:
        if len(fields) != 6:
            sys.exit("report: malformed line in %s: %r" % (path, "\t".join(fields)))
        setting, label, seccomp, run, rc, wall = fields
        log = os.path.join(d, "logs", "%s-%s-%s.log" % (setting, label, run))
        parsed, err = parse_log(log)
        r = {"setting": setting, "label": label, "seccomp": seccomp, "run": int(run),
             "boot_status": int(rc), "boot_wall_seconds": int(wall), "log": log}
        if parsed:
            r.update(parsed)
        else:
            r.update({"seconds": {}, "notifications": {}, "failed": [], "fairness": {},
                      "error": err})
        runs.append(r)
    return runs


def read_rtt(d):
    rtt = {}
    try:
        with open(os.path.join(d, "notif_rtt.txt")) as f:
            for line in f:
                m = RTT.match(line)
                if m:
                    cpu, kind = m.group(1), m.group(2)
                    rtt.setdefault(cpu, {})[kind] = {
                        "median_ns": num(m.group(3)), "min_ns": num(m.group(4)),
                        "max_ns": num(m.group(5))}
    except OSError:
        return None
    return rtt


def stats(values):
    if not values:
        return None
    return {"n": len(values), "median": statistics.median(values),
            "min": min(values), "max": max(values)}


def notif_total(counters):
    """The notifications a workload caused: every counter but the denials."""
    return sum(v for k, v in counters.items() if k not in NOT_NOTIFICATIONS)


def summarize(runs, rtt):
    out = {}
    for setting in SETTINGS:
        per = {}
        for w in WORKLOADS:
            by = {lab: {r["run"]: r["seconds"][w] for r in runs
                        if r["setting"] == setting and r["label"] == lab and w in r["seconds"]}
                  for lab in LABELS}
            if not any(by.values()):
                continue
            s = {lab: stats(sorted(by[lab].values())) for lab in LABELS}
            paired = [i for i in sorted(by["base"]) if i in by["series"]]
            pairs = [by["series"][i] / by["base"][i] for i in paired if by["base"][i] > 0]
            e = {"base": s["base"], "series": s["series"], "ptrace": s["ptrace"],
                 "series_over_base_pairs": pairs,
                 "series_over_base": statistics.median(pairs) if pairs else None,
                 "ptrace_over_base": ratio(s["ptrace"], s["base"]),
                 "ptrace_over_series": ratio(s["ptrace"], s["series"])}
            # What the series adds, and how much of it one round trip per
            # notification would explain.
            e["extra_seconds"] = (s["series"]["median"] - s["base"]["median"]
                                  if s["series"] and s["base"] else None)
            e["extra_seconds_pairs"] = [by["series"][i] - by["base"][i] for i in paired]
            counts = [r["notifications"][w] for r in runs if r["setting"] == setting
                      and r["label"] == "series" and w in r["notifications"]]
            totals = [notif_total(c) for c in counts]
            e["notifications"] = statistics.median(totals) if totals else None
            e["notifications_runs"] = totals
            names = sorted({k for c in counts for k in c})
            e["notifications_by_name"] = {
                k: statistics.median([c[k] for c in counts if k in c]) for k in names}
            e["rtt_ns"], e["rtt_kind"] = rtt_for(rtt, "pinned" if setting == "pinned"
                                                 else "unpinned")
            if e["notifications"] is not None and e["rtt_ns"] is not None:
                e["notif_estimate_seconds"] = e["notifications"] * e["rtt_ns"] / 1e9
            else:
                e["notif_estimate_seconds"] = None
            per[w] = e
        out[setting] = per
    return out


def summarize_fairness(runs):
    """{vCPUs: {KIND: medians over the boots}}, see the top."""
    lines = {}
    for r in runs:
        m = FAIR_SETTING.match(r["setting"])
        if m:
            per = lines.setdefault(m.group(1), {k: [] for k in FAIR_KINDS})
            for kind, f in r["fairness"].items():
                per.setdefault(kind, []).append(f)
    out = {}
    for ncpus, per in sorted(lines.items()):
        out[ncpus] = {}
        for kind, fs in per.items():
            e = {"runs": len(fs), "end": [f.get("end") for f in fs]}
            for k in FAIR_NUMS:
                vals = [f[k] for f in fs if isinstance(f.get(k), float) and f[k] >= 0]
                e[k] = statistics.median(vals) if vals else None
            out[ncpus][kind] = e
        for kind, e in out[ncpus].items():
            control = out[ncpus]["cpu-hog"]["worst_gap_ms"]
            if kind.endswith("+puncher") and out[ncpus]["cpu-hog+puncher"]["worst_gap_ms"]:
                control = out[ncpus]["cpu-hog+puncher"]["worst_gap_ms"]
            e["worst_gap_over_cpu_hog"] = (e["worst_gap_ms"] / control if control and
                                           e["worst_gap_ms"] is not None else None)
    return out


def print_fairness(fair, runs):
    if not fair:
        return
    print("\nfairness, series kernel (stub_sigalrm_test): a victim sleeps 1 ms at a time beside "
          "each process;\nmedians over the boots; gap/hog: the worst gap over that beside cpu-hog "
          "(the puncher case: beside cpu-hog+puncher)")
    print("%-5s %-23s %9s %12s %7s %-13s %7s %9s %14s" % (
        "vCPUs", "beside", "wakeups/s", "worst gap ms", "gap/hog", "end", "kill ms",
        "punches/s", "worst punch ms"))
    for ncpus, per in fair.items():
        for kind, e in per.items():
            print("%-5s %-23s %9s %12s %7s %-13s %7s %9s %14s" % (
                ncpus, kind, fmt(e["wakeups_per_s"], "%.0f"), fmt(e["worst_gap_ms"], "%.1f"),
                fmt(e["worst_gap_over_cpu_hog"], "%.2f") if not kind.startswith("cpu-hog") else "",
                ",".join(str(x) for x in e["end"]) or "n/a", fmt(e["kill_ms"], "%.1f"),
                fmt(e["punches_per_s"], "%.0f"), fmt(e["worst_punch_ms"], "%.1f")))
    for r in runs:
        if FAIR_SETTING.match(r["setting"]) and r["boot_status"]:
            print("fairness: %s #%d: stub_sigalrm_test or the boot failed (status %d): %s" % (
                r["setting"], r["run"], r["boot_status"], r["log"]))


def ratio(num_stat, den_stat):
    """Ratio of two medians, or None."""
    if not num_stat or not den_stat or den_stat["median"] <= 0:
        return None
    return num_stat["median"] / den_stat["median"]


def verdict(ok):
    return "n/a" if ok is None else "met" if ok else "missed"


def overall(workloads):
    """missed if any workload missed, else n/a if any is n/a (or none ran), else met."""
    vs = [v["verdict"] for v in workloads.values()]
    if "missed" in vs:
        return "missed"
    if not vs or "n/a" in vs:
        return "n/a"
    return "met"


def budget_a(e):
    b = {"extra_seconds": e["extra_seconds"], "notifications": e["notifications"],
         "rtt_ns": e["rtt_ns"], "rtt_kind": e["rtt_kind"], "bound_seconds": None}
    if e["extra_seconds"] is None:
        b["why"] = "no base or series time"
    elif e["notifications"] is None:
        b["why"] = "no notification counts"
    elif e["rtt_ns"] is None:
        b["why"] = "no round trip: notif_rtt skipped or failed"
    else:
        b["bound_seconds"] = A_SLACK * e["notifications"] * e["rtt_ns"] / 1e9
    b["verdict"] = verdict(None if b["bound_seconds"] is None
                           else e["extra_seconds"] <= b["bound_seconds"])
    return b


def budget_b(e):
    b = {"series_over_base": e["series_over_base"],
         "series_over_base_pairs": e["series_over_base_pairs"], "max": B_MAX}
    if e["series_over_base"] is None:
        b["why"] = "no base/series pair"
    b["verdict"] = verdict(None if e["series_over_base"] is None
                           else e["series_over_base"] <= B_MAX)
    return b


def budget_c(e):
    b = {"ptrace_over_series": e["ptrace_over_series"],
         "ptrace_median": e["ptrace"]["median"] if e["ptrace"] else None,
         "series_median": e["series"]["median"] if e["series"] else None, "min": C_MIN}
    if e["ptrace_over_series"] is None:
        b["why"] = "no ptrace or series time"
    b["verdict"] = verdict(None if e["ptrace_over_series"] is None
                           else e["ptrace_over_series"] >= C_MIN)
    return b


BUDGETS = [
    ("a", "series - base <= %.2f x notifications x notif_rtt round trip (pinned, 1 vCPU)"
     % A_SLACK, budget_a, ["pinned"]),
    ("b", "series/base <= %.2f, median of per-pair ratios (unpinned; 1 and 2 vCPUs)" % B_MAX,
     budget_b, ["unpinned", "2vcpu"]),
    ("c", "ptrace/series >= %.1f, ratio of medians (1 vCPU, pinned and unpinned)" % C_MIN,
     budget_c, ["pinned", "unpinned"]),
]


def budgets(summary):
    out = {}
    for name, rule, judge, settings in BUDGETS:
        per = {}
        for setting in settings:
            ws = {w: judge(e) for w, e in summary.get(setting, {}).items()}
            per[setting] = {"verdict": overall(ws), "workloads": ws}
        out[name] = {"rule": rule, "settings": per}
    return out


def rtt_for(rtt, setting):
    """The round trip the series pays: with SYNC_WAKE_UP where the host has
    it (the series then sets it), else without."""
    if not rtt or setting not in rtt:
        return None, None
    for kind in ("notif_sync", "notif"):
        v = rtt[setting].get(kind, {}).get("median_ns")
        if v is not None:
            return v, kind
    return None, None


def fmt_stat(s):
    if not s:
        return "n/a"
    return "%.3f [%.3f-%.3f]" % (s["median"], s["min"], s["max"])


def fmt(v, spec, unit=""):
    return "n/a" if v is None else (spec % v) + unit


def print_tables(summary, rtt, pin_cpu):
    for setting in ("pinned", "unpinned"):
        per = summary.get(setting)
        if not per:
            continue
        what = "pinned to host CPU %s" % pin_cpu if setting == "pinned" else "unpinned"
        print("\n%s, 1 vCPU: seconds, median [min-max]; ratios: median per pair (series), "
              "of medians (ptrace); notif: stub notifications per series run, median" % what)
        print("%-11s %-26s %-26s %-26s %8s %8s %10s" % (
            "workload", "base (seccomp)", "series (seccomp)", "ptrace (base)", "ser/base",
            "ptr/base", "notif"))
        for w, e in per.items():
            print("%-11s %-26s %-26s %-26s %8s %8s %10s" % (
                w, fmt_stat(e["base"]), fmt_stat(e["series"]), fmt_stat(e["ptrace"]),
                fmt(e["series_over_base"], "%.3f"), fmt(e["ptrace_over_base"], "%.2f"),
                fmt(e["notifications"], "%.0f")))
    per = summary.get("2vcpu")
    if per:
        print("\nunpinned, 2 vCPUs: seconds, median [min-max]; ratio: median per pair")
        print("%-11s %-26s %-26s %8s %10s" % ("workload", "base (seccomp)", "series (seccomp)",
                                             "ser/base", "notif"))
        for w, e in per.items():
            print("%-11s %-26s %-26s %8s %10s" % (
                w, fmt_stat(e["base"]), fmt_stat(e["series"]),
                fmt(e["series_over_base"], "%.3f"), fmt(e["notifications"], "%.0f")))
    if all(e["notifications"] is None for per in summary.values() for e in per.values()):
        print("(no notification counts: the series kernel has no "
              "/sys/kernel/debug/um/stub_notifications)")
    if rtt:
        print("\nnotif_rtt on the host: ns per call, median [min-max]")
        for cpu in ("pinned", "unpinned"):
            for kind in ("syscall", "notif", "notif_sync"):
                v = rtt.get(cpu, {}).get(kind)
                if v:
                    print("  %-9s %-11s %s" % (cpu, kind, "n/a (host lacks SYNC_WAKE_UP)"
                                               if v["median_ns"] is None else
                                               "%.0f [%.0f-%.0f]" % (v["median_ns"], v["min_ns"],
                                                                     v["max_ns"])))


def print_budgets(bud):
    print("\nbudget lines (reported, not enforced; numbers from a busy host are noise)")
    a = bud["a"]["settings"]["pinned"]
    print("(a) %s: %s" % (bud["a"]["rule"], a["verdict"]))
    if a["workloads"]:
        print("  %-11s %9s %13s %8s %9s %9s  %s" % ("workload", "extra s", "notifications",
                                                   "rtt ns", "bound s", "explains", "verdict"))
    for w, b in a["workloads"].items():
        share = (b["notifications"] * b["rtt_ns"] / 1e9 / b["extra_seconds"]
                 if b["bound_seconds"] is not None and b["extra_seconds"] > 0 else None)
        print("  %-11s %9s %13s %8s %9s %9s  %s%s" % (
            w, fmt(b["extra_seconds"], "%+.3f"), fmt(b["notifications"], "%.0f"),
            fmt(b["rtt_ns"], "%.0f"), fmt(b["bound_seconds"], "%.3f"),
            fmt(share and share * 100, "%.0f", "%"), b["verdict"],
            " (%s)" % b["why"] if "why" in b else ""))
    print("(b) %s" % bud["b"]["rule"])
    for setting, what in (("unpinned", "1 vCPU"), ("2vcpu", "2 vCPUs")):
        r = bud["b"]["settings"][setting]
        print("  %s: %s" % (what, r["verdict"]))
        for w, b in r["workloads"].items():
            print("  %-11s %8s  %-7s pairs: %s%s" % (
                w, fmt(b["series_over_base"], "%.3f"), b["verdict"],
                " ".join("%.3f" % x for x in b["series_over_base_pairs"]) or "none",
                " (%s)" % b["why"] if "why" in b else ""))
    print("(c) %s" % bud["c"]["rule"])
    for setting in ("pinned", "unpinned"):
        r = bud["c"]["settings"][setting]
        print("  %s: %s" % (setting, r["verdict"]))
        for w, b in r["workloads"].items():
            print("  %-11s %8s  %-7s ptrace %s s, series %s s%s" % (
                w, fmt(b["ptrace_over_series"], "%.2f"), b["verdict"],
                fmt(b["ptrace_median"], "%.3f"), fmt(b["series_median"], "%.3f"),
                " (%s)" % b["why"] if "why" in b else ""))
    print("budgets: (a) pinned %s; (b) unpinned %s, 2 vCPUs %s; (c) pinned %s, unpinned %s" % (
        a["verdict"], bud["b"]["settings"]["unpinned"]["verdict"],
        bud["b"]["settings"]["2vcpu"]["verdict"], bud["c"]["settings"]["pinned"]["verdict"],
        bud["c"]["settings"]["unpinned"]["verdict"]))


def main():
    ap = argparse.ArgumentParser(description="Summarize a scripts/bench.sh run.")
    ap.add_argument("--dir", required=True, help="bench output directory (BENCH_OUT)")
    ap.add_argument("--pin-cpu", default="?")
    ap.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()

    runs = read_runs(args.dir)
    rtt = read_rtt(args.dir)
    summary = summarize(runs, rtt)
    meta = dict(m.split("=", 1) for m in args.meta if "=" in m)
    meta["pin_cpu"] = args.pin_cpu
    bud = budgets(summary)
    fair = summarize_fairness(runs)
    print_tables(summary, rtt, args.pin_cpu)
    print_budgets(bud)
    print_fairness(fair, runs)
    # A denial means the series refused a call of a working guest: a bug.
    for r in runs:
        for w, c in sorted(r["notifications"].items()):
            if c.get("denied"):
                print("denied: %s %s #%d %s: %d stub calls denied" % (
                    r["setting"], r["label"], r["run"], w, c["denied"]))
    bad = [r for r in runs if (r["boot_status"] and not FAIR_SETTING.match(r["setting"]))
           or r["failed"] or r.get("error")]
    for r in bad:
        print("failed run: %s %s #%d: boot status %d%s%s" % (
            r["setting"], r["label"], r["run"], r["boot_status"],
            ", workloads failed: " + ",".join(r["failed"]) if r["failed"] else "",
            ", " + r["error"] if r.get("error") else ""))
    out = {"meta": meta, "notif_rtt": rtt, "summary": summary, "budgets": bud,
           "fairness": fair, "runs": runs}
    path = os.path.join(args.dir, "results.json")
    with open(path + ".tmp", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("\nresults: %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
