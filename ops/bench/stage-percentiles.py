#!/usr/bin/env python3
"""Percentiles of Kaigi's page-sync stage timers over a run, from /metrics scraped before and after.

usage: stage-percentiles.py <before-file> <after-file> [<before-file> <after-file> ...]
One pair per node; the histograms' bucket counts are summed over the nodes, so a cluster's p99 is
over all its events. Prints e.g. "store_n=60 store_p50_ms=2.1 store_p99_ms=9.4 fanout_n=240 ...":
each percentile is the upper bound of the bucket it falls in (kaigi_sync_store_seconds,
kaigi_sync_fanout_seconds; see docs/ws.md).
"""
import re
import sys

STAGES = {"store": "kaigi_sync_store_seconds", "fanout": "kaigi_sync_fanout_seconds"}
BUCKET = re.compile(r'^(\w+)_bucket\{[^}]*le="([^"]+)"[^}]*\} ([0-9.eE+-]+)$')


def buckets(path):
    found = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = BUCKET.match(line.strip())
            if m:
                found[(m.group(1), m.group(2))] = float(m.group(3))
    return found


def main(files):
    if not files or len(files) % 2:
        sys.exit(__doc__)
    deltas = {}
    for before, after in zip(files[0::2], files[1::2]):
        b0, b1 = buckets(before), buckets(after)
        for key, count in b1.items():
            deltas[key] = deltas.get(key, 0.0) + count - b0.get(key, 0.0)
    out = []
    for stage, metric in STAGES.items():
        cumulative = sorted(
            (float("inf") if le == "+Inf" else float(le), n)
            for (name, le), n in deltas.items()
            if name == metric
        )
        total = cumulative[-1][1] if cumulative else 0
        out.append(f"{stage}_n={int(total)}")
        for q in (0.5, 0.99):
            bound = next((le for le, n in cumulative if total and n >= q * total), float("nan"))
            out.append(f"{stage}_p{int(q * 100)}_ms={bound * 1000:.1f}")
    print(" ".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
