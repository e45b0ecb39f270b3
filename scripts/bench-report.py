#!/usr/bin/env python3
"""Turns JMH JSON results into docs/benchmarks.md, or checks a smoke run (--check).

Every row compares our benchmark with a peer from the same JMH run. The ratio's error bar combines
both sides' JMH error (99.9% confidence half-widths) in quadrature of relative errors. B/op comes
from -prof gc (gc.alloc.rate.norm).
"""
import argparse
import json
import math
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    results = {}
    jdks = sorted({f"{run.get('vmName', 'JVM')} {run.get('jdkVersion', '?')}" for run in runs})
    if jdks:
        results[JDK_KEY] = ", ".join(jdks)
    for run in runs:
        # Benchmarks live in the packages of the code they measure: key them by Class.method.
        name = ".".join(run["benchmark"].split(".")[-2:])
        params = run.get("params") or {}
        key = name + "".join(f"[{v}]" for _, v in sorted(params.items()))
        pm = run["primaryMetric"]
        alloc = (run.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
        results[key] = {
            "score": pm["score"],
            "error": pm["scoreError"] if not isinstance(pm["scoreError"], str) else float("nan"),
            "unit": pm["scoreUnit"],
            "alloc": alloc["score"] if alloc else None,
            "allocError": alloc["scoreError"] if alloc else None,
        }
    return results


# Where load() keeps the JVM the run used (not a benchmark: it has no score).
JDK_KEY = "_jdk"


class Missing(Exception):
    """A benchmark a section needs is not in this run (a partial run: ./bench -- REGEX)."""


class Results(dict):
    """The run's results; remembers which ones the report read, so none goes unreported."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __missing__(self, key):
        raise Missing(key)


def fmt(x, digits=3):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.1f}"
    return f"{x:.{digits}g}"


def measured(r):
    return f"{fmt(r['score'])} ± {fmt(r['error'], 2)} {r['unit']}"


# JMH reports each benchmark in its class's unit; ratios across classes must compare like with like.
NANOS_PER_UNIT = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}


def in_nanos(r):
    """Returns a result's score and error in ns/op, whatever unit JMH reported it in."""
    unit = r["unit"]
    if unit not in NANOS_PER_UNIT:
        raise SystemExit(f"bench-report: cannot compare a score in unit '{unit}'")
    f = NANOS_PER_UNIT[unit]
    return r["score"] * f, nz(r["error"]) * f


def ratio_of(ours, peer):
    """ours/peer time and its error, with both scores in the same unit."""
    a, ea = in_nanos(ours)
    b, eb = in_nanos(peer)
    return ratio(a, ea, b, eb)


def ratio(a, ea, b, eb):
    if b == 0 or a == 0:
        return float("nan"), float("nan")
    r = a / b
    rel = math.sqrt((nz(ea) / a) ** 2 + (nz(eb) / b) ** 2)
    return r, r * rel


def nz(x):
    return 0.0 if x is None or (isinstance(x, float) and math.isnan(x)) else x


def bytes_op(r):
    return "n/a" if r["alloc"] is None else f"{r['alloc']:.0f}" if r["alloc"] >= 1 else f"{r['alloc']:.2g}"


def row(label, ours, peer, target, verdict):
    r, e = ratio_of(ours, peer)
    ar = ""
    if ours["alloc"] is not None and peer["alloc"]:
        ar = f" ({ours['alloc'] / peer['alloc']:.2f}×)"
    return (f"| {label} | {measured(ours)} | {measured(peer)} | {r:.2f} ± {e:.2f} | "
            f"{bytes_op(ours)} | {bytes_op(peer)}{ar} | {target} | {verdict} |")


HEADER = ("| Comparison | ours | peer | ours/peer | ours B/op | peer B/op (ours/peer) | target | verdict |\n"
          "|---|---|---|---|---|---|---|---|")


def verdict(ok, r=None, e=None, limit=None):
    """Met or missed on the point estimate; flagged when the error bar reaches across the limit."""
    text = "**met**" if ok else "**MISSED**"
    if r is not None and e is not None and limit is not None and abs(r - limit) <= e:
        text += " (within error)"
    return text


def less_alloc(ours, peer):
    """Strictly less allocation: at least one byte per operation less."""
    return ours["alloc"] is None or peer["alloc"] is None or ours["alloc"] <= peer["alloc"] - 1


# Injections whose allocation cannot go lower: the header value strings they must create (String and
# its byte[]) and one HashMap node per header. B3 multi's id headers reuse the SpanContext's strings.
INJECT_FLOORS = {
    "w3c-tracecontext": "one 55-character String and one map entry: 24 + 72 + 32 = 128 B",
    "b3-single": "one 52-character String and one map entry: 24 + 72 + 32 = 128 B",
    "b3-multi": "three map entries; the id values are the SpanContext's own strings: 3 × 32 = 96 B",
    "jaeger": "one 53-character String and one map entry: 24 + 72 + 32 = 128 B",
}


def report(res, stats, command, settings):
    out = []
    p = out.append
    p("# Benchmarks")
    p("")
    p("Generated by `scripts/bench-report.py` from the JMH JSON of one run; do not edit by hand.")
    p(f"Command: `{command}` ({settings}, `-prof gc`).")
    p(f"Machine: the 2-core workplace VM; {res.get(JDK_KEY, 'JVM not recorded')}.")
    p("These machines are noisy: read the ratios, which come from one run, not the absolute times.")
    p("Errors are JMH's 99.9% confidence half-widths; a ratio's error combines both sides' relative")
    p("errors. B/op is `gc.alloc.rate.norm`.")
    p("")

    def section(title, classes, body):
        """Writes a section, or says it is not (wholly) in this run: a partial run has a subset."""
        start = len(out)
        present = any(k.split(".")[0] in classes for k in res)
        try:
            if present:
                body()
                return
            note = "Not in this run."
        except Missing as missing:
            note = f"Incomplete in this run ({missing.args[0]} is missing)."
        del out[start:]
        p(title)
        p("")
        p(note)
        p("")

    def disabled():
        p("## 1. Disabled path (level filtered out)")
        p("")
        p("Target: ≤ 1 ns/op and 0 B/op for our span and event.")
        p("")
        p(HEADER)
        for ours_name, label in (("tracebridgeSpan", "span, 2 fields"), ("tracebridgeEvent", "event, 2 fields")):
            ours = res["DisabledPathBenchmark." + ours_name]
            ok = in_nanos(ours)[0] <= 1.0 and (ours["alloc"] is None or ours["alloc"] < 0.01)
            for peer_name, peer_label in (("slf4jDebugTwoArguments", "SLF4J disabled debug, 2 args"),
                                          ("otelNoopSpan", "OTel no-op span")):
                p(row(f"{label} vs {peer_label}", ours, res["DisabledPathBenchmark." + peer_name],
                      "≤ 1 ns, 0 B", verdict(ok)))
        p("")


    def enabled_rows(bench, pairs):
        for ours_name, raw_name, mm_name, label in pairs:
            ours, raw, mm = res[bench + ours_name], res[bench + raw_name], res[bench + mm_name]
            r, e = ratio_of(ours, raw)
            a_ok = ours["alloc"] is None or raw["alloc"] is None or ours["alloc"] <= 1.25 * raw["alloc"]
            p(row(f"{label} vs raw OTel", ours, raw, "≤ 1.25× time, ≤ 1.25× B/op",
                  verdict(r <= 1.25 and a_ok, r if a_ok else None, e, 1.25)))
            rm, em = ratio_of(ours, mm)
            p(row(f"{label} vs Micrometer", ours, mm, "clearly ahead", verdict(rm + em < 1.0)))

    def enabled():
        p("## 2. Enabled span bridged to OTel (3 typed fields, 1 event; BatchSpanProcessor, no-op exporter)")
        p("")
        p(HEADER)
        enabled_rows("EnabledSpanBenchmark.", [("tracebridge", "rawOtel", "micrometer", "span + event")])
        p("")

    def nested():
        p("## 3. Nested spans and events")
        p("")
        p(HEADER)
        enabled_rows("NestedBenchmark.", [
            ("tracebridgeParentWith99Children", "rawOtelParentWith99Children", "micrometerParentWith99Children",
             "1 parent + 99 children"),
            ("tracebridgeSpanWith100Events", "rawOtelSpanWith100Events", "micrometerSpanWith100Events",
             "1 span + 100 events"),
        ])
        p("")
        p("### With the console on as well")
        p("")
        p("The same shapes with the console layer (FmtLayer to a stream that discards) beside the OTel")
        p("layer, against raw OTel and against our OTel-only figure from the same run. No target: the")
        p("console formats every event line, which raw OTel does not do.")
        p("")
        if not any(k.startswith("ConsoleOnBenchmark.") for k in res):
            p("Not in this run.")
        else:
            p(HEADER)
        for console_name, otel_only, raw_name, label in (
                ("spanWithFieldsAndEvent", "EnabledSpanBenchmark.tracebridge", "EnabledSpanBenchmark.rawOtel",
                 "span + event"),
                ("parentWith99Children", "NestedBenchmark.tracebridgeParentWith99Children",
                 "NestedBenchmark.rawOtelParentWith99Children", "1 parent + 99 children"),
                ("spanWith100Events", "NestedBenchmark.tracebridgeSpanWith100Events",
                 "NestedBenchmark.rawOtelSpanWith100Events", "1 span + 100 events")):
            ours = res.get("ConsoleOnBenchmark." + console_name)
            if ours is None:
                continue
            p(row(f"{label}, console + OTel vs raw OTel", ours, res[raw_name], "reported", "reported"))
            p(row(f"{label}, console + OTel vs OTel layer only", ours, res[otel_only], "reported",
                  "reported"))
        p("")
        floor_shapes = (
            ("floorSpanWithFieldsAndEvent", "EnabledSpanBenchmark.tracebridge", "EnabledSpanBenchmark.rawOtel",
             "span + event"),
            ("floorParentWith99Children", "NestedBenchmark.tracebridgeParentWith99Children",
             "NestedBenchmark.rawOtelParentWith99Children", "1 parent + 99 children"),
            ("floorSpanWith100Events", "NestedBenchmark.tracebridgeSpanWith100Events",
             "NestedBenchmark.rawOtelSpanWith100Events", "1 span + 100 events"))
        measuring_device(
            "SecondModelFloorBenchmark", floor_shapes, "floor", "The floor of a second span model",
            ("`SecondModelFloorBenchmark` runs the same shapes through the leanest local span model that",
             "still does what one must (its own object with a parent, a per-thread stack of local spans,",
             "the OTel context made current, level and target on each event) and none of tracebridge's",
             "features. It is a measuring device, not a peer: what any design with a local model can reach."))
        spike_shapes = (
            ("spikeSpanWithFieldsAndEvent",) + floor_shapes[0][1:],
            ("spikeSpanWithFieldsStraightToSdkAndEvent", "EnabledSpanBenchmark.tracebridge",
             "EnabledSpanBenchmark.rawOtel", "span + event, fields straight to the SDK"),
            ("spikeParentWith99Children",) + floor_shapes[1][1:],
            ("spikeSpanWith100Events",) + floor_shapes[2][1:])
        measuring_device(
            "OneObjectSpikeBenchmark", spike_shapes, "spike", "A spike of one object per span",
            ("`OneObjectSpikeBenchmark` runs the same shapes through one object that is the local span,",
             "the OTel layer's state, its first frame and its own OTel context, doing the per-span and",
             "per-event work tracebridge does at this configuration but leaving out its rarer paths: a",
             "lower bound for that design (see performance.md). A measuring device, not a peer."))

    def measuring_device(cls, shapes, name, title, intro):
        """Rows for a benchmark that measures a design rather than a peer: it vs raw OTel, ours vs it."""
        if not any(cls + "." + f in res for f, _, _, _ in shapes):
            return
        p("### " + title)
        p("")
        for line in intro:
            p(line)
        p("")
        p(HEADER)
        for device_name, ours_name, raw_name, label in shapes:
            device = res.get(cls + "." + device_name)
            if device is None:
                continue
            p(row(f"{label}, {name} vs raw OTel", device, res[raw_name], "reported", "reported"))
            p(row(f"{label}, ours (OTel layer only) vs {name}", res[ours_name], device, "reported",
                  "reported"))
        p("")

    def propagation():
        p("## 4. Propagation over a HashMap carrier (ours vs OTel's own propagators)")
        p("")
        p("Target: ratio ≤ 1.0 and less allocation.")
        p("")
        p(HEADER)
        for fmt_name in ("w3c-tracecontext", "w3c-baggage-small", "w3c-baggage-large", "b3-single", "b3-multi", "jaeger"):
            for op in ("Inject", "Extract"):
                ours = res.get(f"PropagationBenchmark.tracebridge{op}[{fmt_name}]")
                peer = res.get(f"PropagationBenchmark.otel{op}[{fmt_name}]")
                if not ours or not peer:
                    continue
                r, e = ratio_of(ours, peer)
                a_ok = less_alloc(ours, peer)
                text = verdict(r <= 1.0 and a_ok, r if a_ok else None, e, 1.0)
                floor = INJECT_FLOORS.get(fmt_name) if op == "Inject" else None
                if not a_ok and floor and abs(ours["alloc"] - peer["alloc"]) < 1:
                    text += " on B/op: equal, both at the floor" + ("; time met" if r <= 1.0 else "")
                p(row(f"{fmt_name} {op.lower()}", ours, peer, "≤ 1.0×, less B/op", text))
        p("")
        p("The floors: " + "; ".join(f"{k} inject, {v}" for k, v in INJECT_FLOORS.items()) + ".")
        p("")


    def overhead_section(title, bench, ours_name, peer_name):
        p(title)
        p("")
        p("Target: our added overhead (traced − untraced) ≤ OTel's added overhead.")
        p("")
        base, ours, peer = res[bench + "untraced"], res[bench + ours_name], res[bench + peer_name]
        if len({base["unit"], ours["unit"], peer["unit"]}) != 1:
            raise SystemExit(f"bench-report: {bench} sides differ in unit; cannot subtract them")
        p("| side | time | B/op | added overhead | added B/op |")
        p("|---|---|---|---|---|")
        p(f"| untraced | {measured(base)} | {bytes_op(base)} | – | – |")
        for label, r in (("tracebridge", ours), ("OTel", peer)):
            over = r["score"] - base["score"]
            err = math.hypot(nz(r["error"]), nz(base["error"]))
            ab = "n/a" if r["alloc"] is None or base["alloc"] is None else f"{r['alloc'] - base['alloc']:.0f}"
            p(f"| {label} | {measured(r)} | {bytes_op(r)} | {fmt(over)} ± {fmt(err, 2)} {r['unit']} | {ab} |")
        o = ours["score"] - base["score"]
        t = peer["score"] - base["score"]
        err = math.sqrt(nz(ours["error"]) ** 2 + nz(peer["error"]) ** 2)
        p("")
        p(f"Ours − OTel added overhead: {fmt(o - t)} ± {fmt(err, 2)} {ours['unit']} → "
          f"{verdict(o <= t)}{' (within error)' if o > t and o - t <= err else ''}.")
        p("")

    def export():
        p("## 7. Export throughput (BatchSpanProcessor defaults → OTLP/HTTP → loopback receiver)")
        p("")
        p("The score is spans *offered* per second by one thread. The batch processor's queue (2048)")
        p("drops what the exporter cannot take; the counts below come from the same run, summed over")
        p("warm-up and measurement, after a final flush.")
        p("")
        p("Each side runs with both HTTP senders of the OTLP exporter: OkHttp (the SDK's default) and the")
        p("JDK's HttpClient. Exported spans/s is exported spans over the fork's whole run (warm-up included).")
        p("")
        p("| side | sender | offered spans/s | offered | exported | exported spans/s | dropped | failed | OTLP requests | ms per request |")
        p("|---|---|---|---|---|---|---|---|---|---|")
        for side in ("tracebridge", "rawOtel"):
            for sender in ("okhttp", "jdk"):
                r = res.get(f"ExportThroughputBenchmark.span[{sender}][{side}]")
                s = stats.get((side, sender), {})
                elapsed = s.get("elapsedMillis")
                rate = f"{s['exported'] / (elapsed / 1000):,.0f}" if elapsed else "n/a"
                per_request = f"{elapsed / s['requests']:.1f}" if elapsed and s.get("requests") else "n/a"
                p(f"| {side} | {sender} | {measured(r) if r else 'n/a'} | {s.get('offered', 'n/a')} | "
                  f"{s.get('exported', 'n/a')} | {rate} | {s.get('dropped', 'n/a')} | {s.get('failed', 'n/a')} | "
                  f"{s.get('requests', 'n/a')} | {per_request} |")
        p("")

    section("## 1. Disabled path (level filtered out)", {"DisabledPathBenchmark"}, disabled)
    section("## 2. Enabled span bridged to OTel", {"EnabledSpanBenchmark"}, enabled)
    section("## 3. Nested spans and events", {"NestedBenchmark"}, nested)
    section("## 4. Propagation over a HashMap carrier", {"PropagationBenchmark"}, propagation)
    section("## 5. OkHttp GET to MockWebServer on loopback", {"OkHttpBenchmark"}, lambda: overhead_section(
        "## 5. OkHttp GET to MockWebServer on loopback", "OkHttpBenchmark.", "tracebridge", "otelOkHttpTelemetry"))
    section("## 6. gRPC unary, in-process transport", {"GrpcBenchmark"}, lambda: overhead_section(
        "## 6. gRPC unary, in-process transport", "GrpcBenchmark.", "tracebridge", "otelGrpcTelemetry"))
    section("## 7. Export throughput", {"ExportThroughputBenchmark"}, export)

    def slf4j():
        p("## 8. SLF4J through tracebridge vs Logback")
        p("")
        p("Target (docs/logging.md): disabled at most Logback's time, with no allocation. Enabled is")
        p("reported: both sides write a line to a discarding stream.")
        p("")
        p(HEADER)
        ours, peer = res["Slf4jBenchmark.tracebridgeDisabled"], res["Slf4jBenchmark.logbackDisabled"]
        r, e = ratio_of(ours, peer)
        ok = r <= 1.0 and (ours["alloc"] is None or ours["alloc"] < 1)
        p(row("disabled `debug` with 2 arguments", ours, peer, "≤ 1.0×, 0 B", verdict(ok, r, e, 1.0)))
        p(row("enabled `atInfo()` + 2 key-values", res["Slf4jBenchmark.tracebridgeEnabledTwoKeyValues"],
              res["Slf4jBenchmark.logbackEnabledTwoKeyValues"], "reported", "reported"))
        p("")

    def mdc():
        p("## 9. Trace ids in Logback lines (MDC upkeep)")
        p("")
        p("A span around one Logback line printing `%X{trace_id} %X{span_id}`. Upkeep is ids on minus")
        p("ids off on each side, in the same run (errors in quadrature). Target (docs/logging.md): at")
        p("most the upkeep of OpenTelemetry's `opentelemetry-logback-mdc-1.0` appender on raw OTel spans.")
        p("")
        p(HEADER)

        def upkeep(side, mode):
            on, off = res[f"MdcBenchmark.{side}SpanAndLine[{mode}]"], res[f"MdcBenchmark.{side}SpanAndLine[off]"]
            (a, ea), (b, eb) = in_nanos(on), in_nanos(off)
            alloc = None if on["alloc"] is None or off["alloc"] is None else on["alloc"] - off["alloc"]
            return {"score": a - b, "error": math.hypot(ea, eb), "unit": "ns/op", "alloc": alloc}

        for label, mode in (("`MdcLayer` on our spans", "on"),
                            ("OpenTelemetry's appender on our spans", "otel-appender")):
            ours, peer = upkeep("tracebridge", mode), upkeep("otel", "on")
            r, e = ratio_of(ours, peer)
            p(row(f"{label} vs OpenTelemetry's appender on raw OTel spans", ours, peer, "≤ 1.0×",
                  verdict(r <= 1.0, r, e, 1.0)))
        p(row("a second, idle layer (idle-layer minus off) vs `MdcLayer`", upkeep("tracebridge", "idle-layer"),
              upkeep("tracebridge", "on"), "reported", "reported"))
        p("")
        p("OpenTelemetry's side has only two configurations and runs them again under the other two")
        p("parameters: no ids as `idle-layer` ("
          + measured(res["MdcBenchmark.otelSpanAndLine[idle-layer]"]) + ", against "
          + measured(res["MdcBenchmark.otelSpanAndLine[off]"]) + " as `off`), its appender as")
        p("`otel-appender` (" + measured(res["MdcBenchmark.otelSpanAndLine[otel-appender]"]) + ", against "
          + measured(res["MdcBenchmark.otelSpanAndLine[on]"]) + " as `on`): the spread is the noise.")
        p("")

    def global_propagator():
        p("## 10. A propagator resolved at each use vs one held")
        p("")
        p("What the integrations pay for `TracebridgePropagators.followingGlobal()` (the global")
        p("propagator looked up at each use, so construction order never matters) over holding W3C's.")
        p("Reported.")
        p("")
        p(HEADER)
        for op in ("inject", "extract"):
            p(row(f"W3C {op}, following the global vs held", res[f"GlobalPropagatorBenchmark.{op}FollowingGlobal"],
                  res[f"GlobalPropagatorBenchmark.{op}Direct"], "reported", "reported"))
        p("")

    section("## 8. SLF4J through tracebridge vs Logback", {"Slf4jBenchmark"}, slf4j)
    section("## 9. Trace ids in Logback lines (MDC upkeep)", {"MdcBenchmark"}, mdc)
    section("## 10. A propagator resolved at each use vs one held", {"GlobalPropagatorBenchmark"},
            global_propagator)
    unreported = sorted(k for k in res if k != JDK_KEY and k not in res.read)
    if unreported:
        p("## Results no section above reports")
        p("")
        p("In this run but in no table above (a benchmark this script does not know yet):")
        p("")
        p("| Benchmark | score | B/op |")
        p("|---|---|---|")
        for key in unreported:
            p(f"| {key} | {measured(res[key])} | {fmt(res[key]['alloc'])} |")
        p("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--stats")
    ap.add_argument("--command", default="./bench")
    ap.add_argument("--settings", default="2 forks, 5 × 1 s warm-up, 8 × 1 s measurement")
    ap.add_argument("--check", action="store_true", help="fail unless every benchmark has a finite score")
    args = ap.parse_args()
    res = Results(load(args.results))
    if args.check:
        scores = {k: v for k, v in res.items() if k != JDK_KEY}
        bad = [k for k, v in scores.items() if not math.isfinite(v["score"]) or v["score"] <= 0]
        if not scores or bad:
            print(f"bench smoke failed: {len(scores)} results, bad: {bad}", file=sys.stderr)
            sys.exit(1)
        print(f"bench smoke: {len(scores)} benchmark results, all finite")
        return
    stats = {}
    if args.stats:
        with open(args.stats, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    s = json.loads(line)
                    total = stats.setdefault((s["side"], s.get("sender", "okhttp")), {})
                    for k, v in s.items():  # several forks each append a line: sum them
                        if isinstance(v, (int, float)):
                            total[k] = total.get(k, 0) + v
    print(report(res, stats, args.command, args.settings))


if __name__ == "__main__":
    main()
