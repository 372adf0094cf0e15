#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py --dir OUT [--pin-cpu N] [--meta KEY=VALUE]...: the report of
scripts/bench.sh.  Reads OUT/runs.tsv (one line per boot: setting, label,
seccomp, run, boot.sh status, wall seconds), each boot's console log
OUT/logs/SETTING-LABEL-RUN.log (BENCH and BENCH-NOTIF lines) and
OUT/notif_rtt.txt; prints the tables and writes OUT/results.json.

Labels: base and series are the two kernels in seccomp mode, ptrace is the
base kernel with seccomp=off.  Ratios series/base are taken per pair (run i
of base against run i of series, booted one after the other), then their
median; ptrace/base is a ratio of medians, as ptrace runs are not paired.
"""
import argparse
import json
import os
import re
import statistics
import sys

WORKLOADS = ["forkexec", "pagefault", "mmapchurn", "mixed"]
LABELS = ["base", "series", "ptrace"]
SETTINGS = ["pinned", "unpinned"]
# Anywhere in a line: kernel messages may share a console line with ours.
BENCH = re.compile(r"BENCH name=(\S+) seconds=([0-9.]+)")
NOTIF = re.compile(r"BENCH-NOTIF name=(\S+) count=(-?\d+)")
FAIL = re.compile(r"BENCH-FAIL name=(\S+)")
CONFIG = re.compile(r"BENCH-CONFIG (.*)")
RTT = re.compile(r"NOTIF-RTT cpu=(\S+) kind=(\S+) median_ns=(\S+) min_ns=(\S+) max_ns=(\S+)")


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def parse_log(path):
    seconds, notif, failed, config = {}, {}, set(), None
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
        if m:
            notif[m.group(1)] = int(m.group(2))
        m = FAIL.search(line)
        if m:
            failed.add(m.group(1))
        m = CONFIG.search(line)
        if m and config is None:
            config = dict(kv.split("=", 1) for kv in m.group(1).split() if "=" in kv)
    # A failed workload's time is not a measurement.
    for w in failed:
        seconds.pop(w, None)
        notif.pop(w, None)
    return {"seconds": seconds, "notifications": notif, "failed": sorted(failed),
            "guest_config": config}, None


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
            r.update({"seconds": {}, "notifications": {}, "failed": [], "error": err})
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
            pairs = [by["series"][i] / by["base"][i] for i in sorted(by["base"])
                     if i in by["series"] and by["base"][i] > 0]
            e = {"base": s["base"], "series": s["series"], "ptrace": s["ptrace"],
                 "series_over_base_pairs": pairs,
                 "series_over_base": statistics.median(pairs) if pairs else None,
                 "ptrace_over_base": (s["ptrace"]["median"] / s["base"]["median"]
                                      if s["ptrace"] and s["base"] and s["base"]["median"] > 0
                                      else None)}
            # What the series adds, and how much of it one round trip per
            # notification would explain.
            counts = [r["notifications"][w] for r in runs if r["setting"] == setting
                      and r["label"] == "series" and w in r["notifications"]]
            e["extra_seconds"] = (s["series"]["median"] - s["base"]["median"]
                                  if s["series"] and s["base"] else None)
            e["notifications"] = statistics.median(counts) if counts else None
            e["rtt_ns"], e["rtt_kind"] = rtt_for(rtt, setting)
            if e["notifications"] is not None and e["rtt_ns"] is not None:
                e["notif_estimate_seconds"] = e["notifications"] * e["rtt_ns"] / 1e9
            else:
                e["notif_estimate_seconds"] = None
            per[w] = e
        out[setting] = per
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
    for setting in SETTINGS:
        per = summary.get(setting)
        if not per:
            continue
        what = "pinned to host CPU %s" % pin_cpu if setting == "pinned" else "unpinned"
        print("\n%s, 1 vCPU: seconds, median [min-max]; ratios: median per pair (series), "
              "of medians (ptrace)" % what)
        print("%-10s %-26s %-26s %-26s %8s %8s" % ("workload", "base (seccomp)", "series (seccomp)",
                                                  "ptrace (base)", "ser/base", "ptr/base"))
        for w, e in per.items():
            print("%-10s %-26s %-26s %-26s %8s %8s" % (
                w, fmt_stat(e["base"]), fmt_stat(e["series"]), fmt_stat(e["ptrace"]),
                fmt(e["series_over_base"], "%.3f"), fmt(e["ptrace_over_base"], "%.2f")))
    per = summary.get("pinned")
    if per:
        print("\npinned: what the series adds (series - base, medians) against "
              "notifications x round trip")
        print("%-10s %10s %14s %12s %12s %9s" % ("workload", "extra s", "notifications",
                                                 "rtt ns", "estimate s", "explains"))
        for w, e in per.items():
            share = (e["notif_estimate_seconds"] / e["extra_seconds"]
                     if e["notif_estimate_seconds"] is not None and e["extra_seconds"] else None)
            print("%-10s %10s %14s %12s %12s %9s" % (
                w, fmt(e["extra_seconds"], "%+.3f"), fmt(e["notifications"], "%.0f"),
                fmt(e["rtt_ns"], "%.0f"), fmt(e["notif_estimate_seconds"], "%.3f"),
                fmt(share and share * 100, "%.0f", "%")))
        if all(e["notifications"] is None for e in per.values()):
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
    print_tables(summary, rtt, args.pin_cpu)
    bad = [r for r in runs if r["boot_status"] or r["failed"] or r.get("error")]
    for r in bad:
        print("failed run: %s %s #%d: boot status %d%s%s" % (
            r["setting"], r["label"], r["run"], r["boot_status"],
            ", workloads failed: " + ",".join(r["failed"]) if r["failed"] else "",
            ", " + r["error"] if r.get("error") else ""))
    out = {"meta": meta, "notif_rtt": rtt, "summary": summary, "runs": runs}
    path = os.path.join(args.dir, "results.json")
    with open(path + ".tmp", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("\nresults: %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
