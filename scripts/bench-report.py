#!/usr/bin/env python3
"""The table and the JSON file of one `scripts/bench.sh` run.

Reads the `ZG-BENCH` lines the benchmarks print (tab-separated: figure, value, unit, reference, reference value,
goal) from the logs of one run, prints one table with each figure, its reference measured in the same run, the
ratio and the goal, writes them to a JSON file, and compares them with the previous run's file when there is one.

Ratio: figure / reference for rates (higher is better), reference / figure for times (unit `s` or `ms`: lower is
better), so a ratio above 1 is always better than the reference. Goals: `ratio>=X`, `value>=X` or `value<=X`.

    bench-report.py --out RESULT.json [--previous EARLIER.json] [--meta KEY=VALUE ...] LOG...
"""

import argparse
import json
import math
import os
import sys

LOWER_IS_BETTER = {"s", "ms"}


def number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def parse(path, bench):
    """The figures of one log."""
    figures = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            at = line.find("ZG-BENCH\t")
            if at < 0:
                continue
            fields = line[at:].split("\t")[1:]
            fields += [""] * (6 - len(fields))
            figure, value, unit, reference, reference_value, goal = fields[:6]
            value = number(value)
            if value is None or not figure:
                print(f"bench-report: ignored a malformed line in {path}: {line!r}", file=sys.stderr)
                continue
            figures.append({
                "bench": bench,
                "figure": figure,
                "value": value,
                "unit": unit,
                "reference": reference or None,
                "reference_value": number(reference_value),
                "goal": goal or None,
            })
    return figures


def ratio(f):
    ref = f["reference_value"]
    if ref is None or ref <= 0 or f["value"] <= 0:
        return None
    return ref / f["value"] if f["unit"] in LOWER_IS_BETTER else f["value"] / ref


def met(f):
    goal = f["goal"]
    if not goal:
        return None
    for op in (">=", "<="):
        if op in goal:
            what, bound = goal.split(op, 1)
            bound = number(bound)
            subject = f["ratio"] if what.strip() == "ratio" else f["value"]
            if bound is None or subject is None:
                return None
            return subject >= bound if op == ">=" else subject <= bound
    return None


def fmt(value):
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--previous")
    ap.add_argument("--meta", action="append", default=[])
    ap.add_argument("logs", nargs="+")
    args = ap.parse_args()

    figures = []
    for path in args.logs:
        bench = os.path.splitext(os.path.basename(path))[0]
        figures += parse(path, bench)
    for f in figures:
        f["ratio"] = ratio(f)
        f["met"] = met(f)

    previous = {}
    if args.previous and os.path.exists(args.previous):
        with open(args.previous, encoding="utf-8") as f:
            for old in json.load(f).get("figures", []):
                previous[old["figure"]] = old
    for f in figures:
        old = previous.get(f["figure"])
        f["previous_value"] = old["value"] if old else None

    meta = dict(item.split("=", 1) for item in args.meta if "=" in item)
    result = {"meta": meta, "figures": figures}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1)
        out.write("\n")

    headers = ["figure", "value", "unit", "reference (same run)", "ref.", "ratio", "goal", "met", "previous"]
    rows = []
    for f in figures:
        rows.append([
            f["figure"],
            fmt(f["value"]),
            f["unit"],
            f["reference"] or "",
            fmt(f["reference_value"]),
            f"{f['ratio']:.2f}x" if f["ratio"] is not None else "",
            f["goal"] or "",
            {True: "yes", False: "NO", None: ""}[f["met"]],
            fmt(f["previous_value"]),
        ])
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) if i in (0, 2, 3, 6) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print()
    print(" ".join(f"{k}={v}" for k, v in meta.items()))
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    missed = [f["figure"] for f in figures if f["met"] is False]
    print()
    print(f"{len(figures)} figures, {sum(1 for f in figures if f['met'])} goals met, {len(missed)} missed; JSON: {args.out}")
    if not figures:
        print("no ZG-BENCH lines found in " + ", ".join(args.logs), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
