#!/usr/bin/env python3
"""Joins the receiver's log with what the load generator sent, for the end-to-end rows.

The receiver (nginx) logs one line per delivery it acknowledged: `$msec $http_webhook_id $uri`,
$msec being the time the answer was written (epoch seconds, millisecond resolution). Kurir sends
the event id as `webhook-id`, the same id the sender got in its 200.

    e2e.py count   <receiver.log> <from-line> <uri-prefix>
        lines, distinct event ids, last arrival (epoch ms) of the receiver's lines after <from-line>
    e2e.py latency <receiver.log> <from-line> <paced.tsv>
        first byte sent (the request's due time) to delivery acknowledged, per accepted event:
        p50/p99/p99.9/max in ms; an event not delivered counts as infinitely late
"""
import math
import sys


def receiver_lines(path, start):
    with open(path) as f:
        for n, line in enumerate(f):
            if n < start:
                continue
            parts = line.split()
            if len(parts) >= 3:
                yield float(parts[0]) * 1000.0, parts[1], parts[2]


def count(path, start, prefix):
    lines, ids, last = 0, set(), 0.0
    for ms, wid, uri in receiver_lines(path, start):
        if uri.startswith(prefix):
            lines += 1
            ids.add(wid)
            last = max(last, ms)
    print(f"lines={lines} ids={len(ids)} last_ms={int(last)}")


def pct(values, p):
    if not values:
        return math.inf
    i = max(0, min(len(values) - 1, math.ceil(p / 100.0 * len(values)) - 1))
    return values[i]


def fmt(v):
    return "inf" if math.isinf(v) else f"{v:.1f}"


def latency(path, start, sent_path):
    arrived = {}
    for ms, wid, _ in receiver_lines(path, start):
        arrived.setdefault(wid, ms)
    delays, accepted, missing = [], 0, 0
    with open(sent_path) as f:
        for line in f:
            _, due, _, _, status, eid = line.rstrip("\n").split("\t")
            if status != "200" or not eid.startswith("evt_"):
                continue
            accepted += 1
            if eid in arrived:
                delays.append(arrived[eid] - int(due) / 1000.0)
            else:
                missing += 1
                delays.append(math.inf)
    delays.sort()
    print(f"accepted={accepted} delivered={accepted - missing} missing={missing} "
          f"p50_ms={fmt(pct(delays, 50))} p99_ms={fmt(pct(delays, 99))} p999_ms={fmt(pct(delays, 99.9))} "
          f"max_ms={fmt(delays[-1] if delays else math.inf)}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "count":
        count(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "latency":
        latency(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(__doc__)
