#!/usr/bin/env python3
"""Where the time goes, from a JFR recording: samples per thread group, per top frame, and the
share of samples whose stack passes through each library (inclusive).

    python3 bench/jfr_top.py recording.jfr [top-n]

Reads `jfr print --json --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample`.
ExecutionSample is a thread running Java code, NativeMethodSample one inside a native method
(fsync, socket reads, waiting in epoll): the second is reported separately, as waiting is not CPU.
"""
import collections
import json
import re
import subprocess
import sys

LIBRARIES = [
    ("SQLite JDBC (embedded store)", "org.sqlite."),
    ("PostgreSQL JDBC", "org.postgresql."),
    ("HikariCP", "com.zaxxer.hikari."),
    ("Kurir ingest", "io.kurir.ingest."),
    ("Kurir verify (HMAC)", "io.kurir.verify."),
    ("Kurir store", "io.kurir.store."),
    ("Kurir route", "io.kurir.route."),
    ("Kurir deliver", "io.kurir.deliver."),
    ("JDK crypto (HMAC/SHA)", ("javax.crypto.", "sun.security.provider.", "com.sun.crypto.")),
    ("Jackson", "com.fasterxml.jackson."),
    ("JsonPath", "com.jayway.jsonpath."),
    ("Camel HTTP producer (Apache HttpClient)", ("org.apache.hc.", "org.apache.camel.component.http.")),
    ("Camel core", ("org.apache.camel.impl.", "org.apache.camel.support.", "org.apache.camel.processor.",
                    "org.apache.camel.language.", "org.apache.camel.component.platform.http")),
    ("Vert.x / Netty", ("io.vertx.", "io.netty.")),
    ("Logging (Logback)", ("org.slf4j.", "ch.qos.logback.", "net.logstash.logback.")),
    # Micrometer's meters (Kurir's, Camel's route policy, HikariCP's), Prometheus text, the store gauges' reads
    ("Metrics", ("io.micrometer.", "io.prometheus.", "org.apache.camel.component.micrometer.",
                 "com.zaxxer.hikari.metrics.", "io.kurir.observe.StoreGauges")),
    ("File I/O (FileChannel/RandomAccessFile)", ("sun.nio.ch.FileChannelImpl", "java.io.RandomAccessFile",
                                                 "sun.nio.ch.FileDispatcherImpl")),
]


def thread_group(name):
    name = re.sub(r"#\d+", "#", name or "?")
    name = re.sub(r"-\d+$", "-N", name)
    name = re.sub(r"thread-\d+", "thread-N", name)
    return name


def frame_name(frame):
    m = frame.get("method", {})
    t = m.get("type", {}).get("name", "?").replace("/", ".")
    return f"{t}.{m.get('name', '?')}"


def load(path):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    samples = []
    for e in events:
        v = e["values"]
        frames = [frame_name(f) for f in (v.get("stackTrace") or {}).get("frames", [])]
        thread = v.get("sampledThread") or {}
        samples.append((e["type"], thread_group(thread.get("javaName") or thread.get("osName")), frames))
    return samples


def pct(n, total):
    return f"{100.0 * n / total:5.1f}%" if total else "  -  "


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    samples = load(path)
    cpu = [s for s in samples if s[0] == "jdk.ExecutionSample"]
    native = [s for s in samples if s[0] == "jdk.NativeMethodSample"]
    total = len(cpu)
    print(f"JFR {path}: {total} CPU samples (jdk.ExecutionSample), {len(native)} native-method samples")
    print("CPU samples by thread:")
    for name, n in collections.Counter(s[1] for s in cpu).most_common(top):
        print(f"  {pct(n, total)}  {name}")
    print("CPU samples by library on the stack (inclusive; a sample counts once per library):")
    inclusive = collections.Counter()
    for _, _, frames in cpu:
        for label, prefix in LIBRARIES:
            if any(f.startswith(prefix) for f in frames):
                inclusive[label] += 1
    for label, n in inclusive.most_common():
        print(f"  {pct(n, total)}  {label}")
    print("Top frames (self):")
    for name, n in collections.Counter(s[2][0] for s in cpu if s[2]).most_common(top):
        print(f"  {pct(n, total)}  {name}")
    print("Top Kurir frames (inclusive):")
    kurir = collections.Counter()
    for _, _, frames in cpu:
        for f in set(x for x in frames if x.startswith("io.kurir.")):
            kurir[f] += 1
    for name, n in kurir.most_common(top):
        print(f"  {pct(n, total)}  {name}")
    if native:
        print("Native-method samples (threads inside native code, mostly waiting or fsync), top frames:")
        for name, n in collections.Counter((s[1], s[2][0]) for s in native if s[2]).most_common(min(top, 8)):
            print(f"  {n:6d}  {name[0]}: {name[1]}")


if __name__ == "__main__":
    main()
