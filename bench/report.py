#!/usr/bin/env python3
"""Turns bench/run's results into one summary line per row (stdout) and docs/BENCHMARKS.md.

    report.py <results.env> <profile.txt> <BENCHMARKS.md>

The doc is for users: the results table (each row's figure, its ratio, its target, met or not), the
reference rows, sizing advice, then how it is measured. The section "Two commits compared" (bench/compare's
results, added by hand) is carried over from the doc being replaced. What the cores did during each row
and the JFR profile go to stdout, for whoever ran the benchmark.
"""
import math
import re
import textwrap
import statistics
import sys


def load(path):
    r = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                r[k] = v
    return r


R = load(sys.argv[1])
PROFILE = sys.argv[2]
DOC = sys.argv[3]
KEPT_SECTIONS = ("## Two commits compared",)


def num(key):
    try:
        return float(R[key])
    except (KeyError, ValueError):
        return math.nan


def nan(v):
    return isinstance(v, float) and math.isnan(v)


def n0(v, unit=""):
    return "n/a" if nan(v) else f"{v:,.0f}{unit}"


def rps(key):
    return n0(num(key))


def ms_us(key):
    v = num(key)
    return "n/a" if nan(v) else f"{v / 1000:.1f} ms"


def ms(key):
    v = num(key)
    if math.isinf(v):
        return "not reached"
    return "n/a" if nan(v) else f"{v:,.0f} ms"


def mb(key):
    v = num(key)
    return "n/a" if nan(v) else f"{v / 1024:.0f} MB"


def pct(a, b):
    return "n/a" if nan(a) or nan(b) or not b else f"{100 * a / b:.0f}%"


def count(key):
    v = num(key)
    return "?" if nan(v) else f"{v:,.0f}"


def about(v):
    """v to two significant digits, for sizing in plain words."""
    if nan(v) or v <= 0:
        return "n/a"
    digits = max(0, int(math.floor(math.log10(v))) - 1)
    return f"{round(v, -digits):,.0f}"


def ok_if(v, good):
    return None if nan(v) else bool(good)


def status(ok):
    """met, not met, not measured, or what else a row says (a string)."""
    if isinstance(ok, str):
        return ok
    if ok is None:
        return "not measured"
    return "met" if ok else "**not met**"


BEFORE = {  # the wait that preceded each row
    "embedded_ingest": "embedded_warm", "embedded_fixed": "embedded_ingest", "embedded_ingest8k": "embedded_fixed",
    "embedded_e2erate": "embedded_e2ewarm", "embedded_e2eordered": "embedded_ordered_e2ewarm",
    "embedded_e2e": "embedded_e2erate", "embedded_fanout": "embedded_e2e",
    "postgres_ingest": "postgres_warm", "postgres_e2e": "postgres_e2ewarm",
}


def cpu(p):
    """What the cores did during a row: is the server under test the bottleneck, or the load generator?"""
    if f"{p}_proc_pct" not in R:
        return ""
    before = R.get(BEFORE.get(p, "") + "_drain_s", "")
    s = ""
    if before.startswith(">"):
        s = f"started on top of a backlog (the wait before it was cut after {before[1:]} s); "
    s += (f"the process under test used {R[p + '_proc_pct']}% of a core (JIT {R.get(p + '_jit_pct', '?')}%), "
          f"core 0 {R[p + '_core0_pct']}% busy, core 1 (load, receiver) {R[p + '_core1_pct']}%")
    if f"{p}_drain_s" in R:
        s += f"; backlog drained {R[p + '_drain_s']} s after"
    return s


# ---------------------------------------------------------------- the rows
bare = num("ref_camel_rps")
nodered = num("ref_nodered_rps")
nginx = num("ref_nginx_rps")
alone = num("alone_ingest_rps")
ingest = num("embedded_ingest_rps")
e2e = num("embedded_e2e_eps")
pg = "postgres_ingest_rps" in R or "postgres_e2e_eps" in R

rows = []  # (row, measured, ratio, target, ok, observation)


def row(label, measured, ratio="", target="", ok=None, observation=""):
    rows.append((label, measured, ratio, target, ok, observation))


row("Ingest alone: a gateway with no routes, embedded store",
    f"{rps('alone_ingest_rps')} webhooks/s (p99 {ms_us('alone_ingest_p99_us')})",
    f"{pct(alone, bare)} of bare Camel", "≥ 60% of bare Camel",
    ok_if(alone, alone >= 0.60 * bare), cpu("alone_ingest"))

refused = R.get("embedded_ingest_refused", "0")
row("Ingest with the shipped routes, embedded store",
    f"{rps('embedded_ingest_rps')} webhooks/s (p99 {ms_us('embedded_ingest_p99_us')})"
    + (f"; {refused} refused" if refused != "0" else ""),
    f"{pct(ingest, bare)} of bare Camel", "≥ 35% of bare Camel",
    ok_if(ingest, ingest >= 0.35 * bare), cpu("embedded_ingest"))

ratio_nr = ingest / nodered if not nan(nodered) and nodered else math.nan
row("Ingest with the shipped routes, against Node-RED checking the same signatures",
    f"{rps('embedded_ingest_rps')} against {rps('ref_nodered_rps')} webhooks/s"
    if not nan(nodered) else R.get("nodered_skipped", "Node-RED was not measured in this run"),
    "n/a" if nan(ratio_nr) else f"{ratio_nr:.1f}× Node-RED", "≥ 1.5× Node-RED",
    ok_if(ratio_nr, ratio_nr >= 1.5))

row("End to end to one HTTP destination, embedded store",
    f"{rps('embedded_e2e_eps')} events/s received and delivered"
    + (f" ({count('embedded_e2e_delivered')} of {count('embedded_e2e_accepted')} delivered within the wait)"
       if num("embedded_e2e_delivered") < num("embedded_e2e_accepted") else ""),
    f"{pct(e2e, bare)} of bare Camel's req/s", "≥ 25% of bare Camel's req/s",
    ok_if(e2e, e2e >= 0.25 * bare), cpu("embedded_e2e"))

p99 = num("embedded_fixed_p99_us")
FIXED_PCT = float(R.get("fixed_rate_pct", 15))  # bench/run's FIXED_RATE_PCT
target_rate = math.nan if nan(bare) else max(100, round(bare * FIXED_PCT / 100 / 10) * 10)
rate = num("embedded_fixed_rate")
share = 100 * rate / bare if not nan(rate) and bare else math.nan
achieved = num("embedded_fixed_achieved_rps")
if nan(p99):
    fixed_ok = None
elif p99 > 10000 or achieved < 0.98 * rate:
    fixed_ok = False
elif nan(share) or share < FIXED_PCT - 0.1:
    fixed_ok = "not measured at that rate"  # within 10 ms, but at a lower pace than the target's
else:
    fixed_ok = True
row("Answer time at a fixed rate, the shipped routes, embedded store",
    f"p99 {ms_us('embedded_fixed_p99_us')} (p50 {ms_us('embedded_fixed_p50_us')}) at {rps('embedded_fixed_achieved_rps')} webhooks/s"
    + (f", {R['embedded_fixed_non200']} not 200" if R.get("embedded_fixed_non200", "0") != "0" else ""),
    "n/a" if nan(share) else f"the rate: {share:.1f}% of bare Camel",
    f"p99 ≤ 10 ms at {FIXED_PCT:g}% of bare Camel ({n0(target_rate)}/s)", fixed_ok, cpu("embedded_fixed"))

v = num("embedded_e2erate_delay_p99_ms")
row("Delivery delay at 1,000 events/s, embedded store",
    f"p99 {ms('embedded_e2erate_delay_p99_ms')} (p50 {ms('embedded_e2erate_delay_p50_ms')})", "", "p99 ≤ 250 ms", ok_if(v, v <= 250), cpu("embedded_e2erate"))

v = num("embedded_e2eordered_delay_p99_ms")
if "embedded_e2eordered_delay_p99_ms" in R:
    row(f"The same with an ordering key ({R.get('embedded_e2eordered_keys', '?')} keys)",
        f"p99 {ms('embedded_e2eordered_delay_p99_ms')} (p50 {ms('embedded_e2eordered_delay_p50_ms')})",
        "", "p99 ≤ 250 ms", ok_if(v, v <= 250), cpu("embedded_e2eordered"))

if "metrics_ratio_pct" in R:
    v = num("metrics_ratio_pct")
    row("Ingest with metrics on (`/observe/metrics`), against off",
        f"{rps('metrics_on_rps')} against {rps('metrics_off_rps')} webhooks/s (medians of turns)",
        f"{v:.1f}% of off", "≥ 97% of off", ok_if(v, v >= 97), cpu("metrics_on_1"))

if pg:
    v = num("postgres_ingest_rps")
    row("Ingest with the shipped routes, PostgreSQL store",
        f"{rps('postgres_ingest_rps')} webhooks/s (p99 {ms_us('postgres_ingest_p99_us')})",
        f"{pct(v, ingest)} of embedded", "≥ 60% of embedded", ok_if(v, v >= 0.6 * ingest), cpu("postgres_ingest"))
    v = num("postgres_e2e_eps")
    row("End to end to one HTTP destination, PostgreSQL store",
        f"{rps('postgres_e2e_eps')} events/s"
        + (f" ({count('postgres_e2e_delivered')} of {count('postgres_e2e_accepted')} delivered within the wait)"
           if num("postgres_e2e_delivered") < num("postgres_e2e_accepted") else ""),
        f"{pct(v, e2e)} of embedded", "≥ 75% of embedded", ok_if(v, v >= 0.75 * e2e), cpu("postgres_e2e"))
else:
    row("PostgreSQL store", R.get("postgres_skipped", "not measured in this run"), "", "≥ 75% of embedded end to end")

v = num("embedded_ingest_rss_peak_kb")
row("Resident memory (VmRSS), embedded store",
    f"{mb('embedded_ingest_rss_peak_kb')} under full load, {mb('embedded_rss_idle_kb')} idle",
    "", "≤ 256 MB under full load", ok_if(v, v <= 256 * 1024))

starts = sorted(num(k) for k in R if re.fullmatch(r"start\d+_startup_ms", k))
v = statistics.median(starts) if starts else math.nan
n_starts = len(starts)
if "startup_median_ms" in R:  # a summary of a run (re-rendering from figures a doc gave), not one start each
    v, n_starts = num("startup_median_ms"), int(num("startup_starts"))
row("Start-up: `bin/kurir` to the first accepted webhook, as shipped",
    f"{v / 1000:.2f} s (median of {n_starts} fresh starts)" if not nan(v) else "n/a",
    "", "≤ 2 s", ok_if(v, v <= 2000))

v1, v8 = ingest, num("embedded_ingest8k_rps")
factor = v1 / v8 if not nan(v8) and v8 else math.nan
row("Proportionality: 8 KB bodies (8× the bytes)",
    f"{rps('embedded_ingest8k_rps')} webhooks/s: each costs {factor:.2f}× a 1 KB one", "",
    "≤ 8× per webhook", ok_if(factor, factor <= 8), cpu("embedded_ingest8k"))

e4 = num("embedded_fanout_eps")
factor = e2e / e4 if not nan(e4) and e4 else math.nan
row("Proportionality: 4 destinations per event, end to end",
    f"{rps('embedded_fanout_eps')} events/s ({n0(4 * e4)} deliveries/s): each event costs {factor:.2f}× a 1-destination one",
    "", "≤ 4× per event", ok_if(factor, factor <= 4), cpu("embedded_fanout"))

# information, no target
info = []
restarts = sorted(num(k) for k in R if re.fullmatch(r"restart\d+_startup_ms", k))
if restarts:
    info.append(f"Restart on an existing store (the usual start, after a deploy or a crash): median "
                f"{statistics.median(restarts) / 1000:.2f} s of {len(restarts)}.")
if "store_full_events_per_s" in R:
    info.append(f"The embedded store alone (Kurir's event log on SQLite, no HTTP, 32 senders waiting for "
                f"their commits): {rps('store_full_events_per_s')} events/s, "
                f"{num('store_full_cpu_us_per_event'):.0f} us of CPU per event: the ceiling of every ingest row "
                "on the embedded store.")
if "embedded_data_bytes" in R and R.get("embedded_events_sent", "?") not in ("?", "0"):
    info.append(f"Disk, embedded store: about {num('embedded_data_bytes') / max(1.0, num('embedded_events_sent')) / 1024:.0f} KB "
                "per stored event of 1-8 KB.")
if "jar_bytes" in R:
    info.append(f"The jar: {num('jar_bytes') / 1e6:.1f} MB.")

# ---------------------------------------------------------------- summary lines (stdout)
for label, measured, ratio, target, ok, observation in rows:
    line = f"ROW {label}: {measured}" + (f" = {ratio}" if ratio else "")
    if target:
        line += f" | target {target}: {status(ok).replace('**', '').upper()}"
    if observation:
        line += f" | {observation}"
    print(line)
for name, key in (("nginx", "ref_nginx"), ("bare Camel", "ref_camel"), ("Node-RED", "ref_nodered")):
    print(f"REF {name}: {rps(key + '_rps')} req/s, p50 {ms_us(key + '_p50_us')}, p99 {ms_us(key + '_p99_us')} | {cpu(key)}")
try:
    with open(PROFILE) as f:
        print("PROFILE (JFR, an ingest burst and its routing and deliveries, embedded store)")
        print(re.sub(r"^JFR \S*/", "JFR ", f.read().strip()))
except OSError:
    pass

# ---------------------------------------------------------------- the document
kept = []
try:
    with open(DOC) as f:
        old = f.read()
    for title in KEPT_SECTIONS:
        m = re.search(r"^" + re.escape(title) + r"\n.*?(?=^## |\Z)", old, re.S | re.M)
        if m:
            kept.append(m.group(0).rstrip("\n"))
except OSError:
    pass

out = []
w = out.append


def para(text, prefix=""):
    w(textwrap.fill(text, width=110, initial_indent=prefix, subsequent_indent=" " * len(prefix),
                    break_on_hyphens=False, break_long_words=False))

w("# Benchmarks")
w("")
para(f"How fast Kurir is on one core, against nginx, a bare Apache Camel route and Node-RED on the same core in the "
     f"same run. Every figure is from one run of `bench/run`, on {R.get('date', '?')} (commit "
     f"{R.get('commit', '?').split(' ')[0]}; the machine is at the bottom), which writes this file: rerun it rather "
     "than editing the figures. The speed targets are ratios to the reference rows of the same run, since this "
     "machine's speed varies up to threefold from one day to the next and the ratios much less.")
w("")
w("## Results")
w("")
w("One core for the gateway (`taskset -c 0`), signed 1 KB webhooks from 32 connections.")
w("")
w("| Row | Measured | Ratio | Target | Status |")
w("|---|---|---|---|---|")
for label, measured, ratio, target, ok, _ in rows:
    w(f"| {label} | {measured} | {ratio or '-'} | {target or '-'} | {status(ok) if target else '-'} |")
w("")
for s in info:
    para(s, "- ")
w("")
w("## Reference rows")
w("")
w("The same load (signed 1 KB webhooks, 32 connections), each server alone on the same core:")
w("")
w("| Reference | Does | Requests/s | p50 | p99 |")
w("|---|---|---|---|---|")
w(f"| nginx {R.get('nginx_version', '')} | `return 200`, one worker | {rps('ref_nginx_rps')} | {ms_us('ref_nginx_p50_us')} | {ms_us('ref_nginx_p99_us')} |")
w(f"| bare Camel | a `platform-http` route answering a constant: no verification, no store ([bench/bare.yaml](../bench/bare.yaml)) "
  f"| {rps('ref_camel_rps')} | {ms_us('ref_camel_p50_us')} | {ms_us('ref_camel_p99_us')} |")
if "ref_nodered_rps" in R:
    w(f"| Node-RED {R.get('nodered_version', '')} | `http in` → function node checking the signature (HMAC-SHA256 of the raw "
      f"body, or the secret), constant time → `http response` 200 or 401; no store ([bench/node-red/](../bench/node-red/flow.json)) "
      f"| {rps('ref_nodered_rps')} | {ms_us('ref_nodered_p50_us')} | {ms_us('ref_nodered_p99_us')} |")
else:
    w(f"| Node-RED | `http in` → signature check → `http response` ([bench/node-red/](../bench/node-red/flow.json)) | "
      f"{R.get('nodered_skipped', 'not measured in this run')} | - | - |")
w("")
if nan(ratio_nr):
    w("Kurir with shipped routes / Node-RED = not measured in this run (target ≥ 1.5×).")
else:
    w(f"Kurir with shipped routes / Node-RED = {ratio_nr:.1f}× (target ≥ 1.5×).")
w("")
w("## Sizing")
w("")
sizing = []
if not nan(ingest):
    sizing.append(f"One core takes about **{about(ingest)} webhooks/s** with routes like the shipped ones (verified, stored, "
                  f"routed and delivered on that core; about {about(alone)} with no routes), and receives and delivers "
                  f"about **{about(e2e)} events/s** end to end to one HTTP destination.")
    sizing.append("Above the end-to-end figure webhooks are still answered, up to the ingest figure, and their deliveries "
                  "wait in the store until the burst is over. For a steady rate, plan on 70% of the end-to-end figure per "
                  f"core: one instance on the embedded store for up to about {about(0.7 * e2e)} events/s.")
pe = num("postgres_e2e_eps")
if pg and not nan(pe) and pe > 0:
    plan = ", ".join(f"**{math.ceil(k / (0.7 * pe))} instances** for {k:,}/s" for k in (1000, 5000))
    cut = num("postgres_e2e_delivered") < 0.95 * num("postgres_e2e_accepted")
    sizing.append("More than that needs several instances on PostgreSQL ([SCALING.md](SCALING.md)), where one core "
                  f"received and delivered about {about(pe)} events/s in this run"
                  + (" (a lower bound: the row's wait ran out before most of its deliveries were made)" if cut else "")
                  + f": plan {plan} (one core each), and "
                  "cores for PostgreSQL besides, about as many again ([SCALING.md, Sizing](SCALING.md#sizing)).")
else:
    sizing.append("More than that needs several instances on PostgreSQL ([SCALING.md](SCALING.md)); this run did not "
                  "measure PostgreSQL.")
if not nan(num("embedded_ingest_rss_peak_kb")):
    sizing.append(f"Memory: 256 MB per instance (this run: {mb('embedded_ingest_rss_peak_kb')} at full load, with "
                  "`bin/kurir`'s 64 MB heap).")
para(" ".join(sizing))
w("")
w("## How it is measured")
w("")
w("- **Where.** The server under test (the gateway or a reference) runs alone on core 0 (`taskset -c 0`); `bench/run`,")
w("  wrk, the paced client and the nginx receiver that stands for the destinations run on core 1; all on 127.0.0.1.")
w("  The gateway is started by `bin/kurir` (its JVM options and class archive) with the repository's")
w("  `application.properties` and `routes/` on a fresh store.")
w("- **Load.** [`bench/webhooks.lua`](../bench/webhooks.lua) (wrk, 1 thread, 32 connections): Sendcloud webhooks")
w("  signed with HMAC-SHA256 and Biteship webhooks carrying their secret, alternating, 1 KB of realistic JSON, every")
w("  body unique; 10 s of warm-up, then 10 s measured. The same load goes to the reference servers.")
w("- **Ingest alone** is a gateway with no routes; **with the shipped routes**, routing and delivery to the receiver")
w("  share the core. **End to end**: Sendcloud `Delivered` events sent at saturation for 10 s, events delivered")
w("  divided by the time from the first byte to the last delivery. **Fixed rate**: a constant-rate client")
w("  ([`bench/Paced.java`](../bench/Paced.java)) at 15% of the bare Camel figure, each answer timed from when its")
w("  request was due (no coordinated omission). **Delivery delay**: at 1,000 events/s, from the request's due time")
w("  to the receiver's log of its delivery; one not delivered in the wait counts as infinitely late.")
w("- **PostgreSQL**: the same rows on the machine's PostgreSQL (not pinned, a fresh schema). **Memory**: VmRSS, the")
w("  peak during the ingest row. **Start-up**: the median of 7 fresh starts of the gateway as shipped, from")
w("  launching `bin/kurir` to the first accepted webhook. **Proportionality**: 8 KB bodies against 1 KB; four")
w("  destinations per event ([`bench/fanout.yaml`](../bench/fanout.yaml)) against one.")
w("- **References**: nginx `return 200`; the same jar's Camel Main with one route; Node-RED from npm with")
w("  [`bench/node-red/flow.json`](../bench/node-red/flow.json) and its `settings.js`, checked with good and bad")
w("  signatures (200 and 401) before it is measured.")
w("- Between rows the script waits, bounded, for the gateway's backlog to drain. `BENCH_QUICK=1 bench/run` runs 5 s")
w("  rows; `BENCH_ONLY=nodered bench/run` only the bare Camel, Node-RED and ingest-with-routes rows and prints")
w("  them. The whole run takes about 12 minutes and wants an otherwise idle machine with two cores.")
w("")
w("## What did not help")
w("")
w("Measured in alternating runs against the code of the time, and dropped:")
w("")
w("- C2 instead of C1 only: ingest alone rose by half or more after 30 s of load, but with the shipped routes C2")
w("  was still compiling after 80 s, the row no faster, at 233 MB resident. C2 for SHA-256 and HMAC alone made")
w("  start-up miss its target.")
w("- Commits of routing, leases and attempt records without their own fsync: within the noise, not worth weakening")
w("  a guarantee for.")
w("- Moving SQLite's log checkpoint out of the webhooks' commit (to a background thread, or not copying the log at")
w("  all): 10-20% more at saturation, but p99 up to twice as long, or the log growing by about 15 KB per event.")
w("- A longer commit delay (1 ms, 8 webhooks): shorter delivery delay, but slower answers at a fixed rate.")
w("- The store's one writer fsyncing every commit (routing records, leases and attempt records too), lingering")
w("  for company on every small batch, and routing reading each event back from the store: each cost end-to-end")
w("  throughput; the writer now fsyncs and lingers only for events and operators' actions.")
w("- Handing new deliveries straight from routing to their workers, a lower OS priority for the")
w("  background, larger C1 inlining limits: within the noise.")
w("- The heap in transparent huge pages: slightly faster starts, but end-to-end rows fell in two of three runs.")
w("- 1 KB SQLite pages instead of 4 KB, and planning every PostgreSQL statement anew: slower.")
w("")
for section in kept:
    w(section)
    w("")
w("## The run")
w("")
w(f"- Command: `{R.get('command', 'bench/run')}` from the project root ({R.get('durations', '')}); it took "
  + (f"{int(num('duration_s')) // 60} min {int(num('duration_s')) % 60} s." if not nan(num("duration_s")) else "?"))
w(f"- Date: {R.get('date', '?')}; commit {R.get('commit', '?')}.")
w(f"- Machine: {R.get('nproc', '?')} cores, {R.get('cpu_model', '?')}, {R.get('mem_total', '?')} memory; "
  f"{R.get('os', '?')}; {R.get('jdk', '?')}" + (f"; Node.js {R['node_version']}." if "node_version" in R else "."))
w(f"- Tools: wrk {R.get('wrk_version', '?')}, nginx {R.get('nginx_version', '?')}; constant-rate rows: {R.get('pacer', '?')}.")
w(f"- Load average at start {R.get('loadavg_start', '?')}, at end {R.get('loadavg_end', '?')}.")
others = R.get("others", "")
if others:
    w("- **Measured while other work ran on the machine**, so the figures are indicative: processes not started by")
    w("  the benchmark seen using 20% of a core or more:")
    for o in others.split(";"):
        w(f"  - {o}")
else:
    w("- No other process was seen using 20% of a core or more at the checkpoints (start, before each ingest row, end).")
if R.get("note"):
    para(R["note"], "- ")
w("")
with open(DOC, "w") as f:
    f.write("\n".join(out))
