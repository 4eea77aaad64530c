package io.modelwatch.influx;

import io.modelwatch.testing.InfluxServer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Points per second into a local influxd through the sink, against {@code curl --data-binary @file} of the same
 * line protocol in the same run. Run by hand (not a test), see docs/influx.md:
 * {@code java -cp ... io.modelwatch.influx.InfluxSinkBench [POINTS]}.
 */
public final class InfluxSinkBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createDirectories(Paths.get("target", "bench"));
        Path file = dir.resolve("bench.lp");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(512);
            for (int i = 0; i < n; i++) {
                sb.setLength(0);
                LineProtocol.append(sb, point(i));
                w.append(sb).append('\n');
            }
        }
        long bytes = Files.size(file);
        try (InfluxServer influx = new InfluxServer().with("INFLUXDB_HTTP_MAX_BODY_SIZE", "0").start()) {
            influx.createDatabase("bench_curl");
            influx.createDatabase("bench_sink");

            long t0 = System.nanoTime();
            Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-XPOST",
                    influx.url() + "/write?db=bench_curl&precision=ns", "--data-binary", "@" + file).start();
            String code = new String(curl.getInputStream().readAllBytes()).trim();
            curl.waitFor();
            double curlS = (System.nanoTime() - t0) / 1e9;
            check(influx, "bench_curl", n, "curl answered " + code);

            // The same points through a job with a discarding sink: Flink's own fixed and per-point cost.
            job(Math.min(n, 20_000), null, influx, true); // warm-up: MiniCluster start, JIT
            double baseS = job(n, null, influx, true);
            double sinkS = job(n, "bench_sink", influx, true);
            check(influx, "bench_sink", n, "sink");
            influx.createDatabase("bench_plain");
            double plainS = job(n, "bench_plain", influx, false);
            check(influx, "bench_plain", n, "sink without gzip");

            System.out.printf("points=%d bytes=%d (%.1f MB)%n", n, bytes, bytes / 1e6);
            System.out.printf("curl --data-binary @file (one POST, no gzip): %.2f s = %.0f points/s%n", curlS, n / curlS);
            System.out.printf("Flink job, discarding sink:                  %.2f s%n", baseS);
            System.out.printf("Flink job, InfluxSink (end to end):          %.2f s = %.0f points/s (%.0f %% of curl)%n",
                    sinkS, n / sinkS, 100 * curlS / sinkS);
            System.out.printf("Flink job, InfluxSink without gzip:          %.2f s = %.0f points/s (%.0f %% of curl)%n",
                    plainS, n / plainS, 100 * curlS / plainS);
            double marginal = Math.max(sinkS - baseS, 1e-9);
            System.out.printf("InfluxSink, job overhead subtracted:         %.2f s = %.0f points/s (%.0f %% of curl)%n",
                    marginal, n / marginal, 100 * curlS / marginal);
        }
    }

    private static Point point(int i) {
        return Point.builder("model_serving").tag("model", "model-" + (i % 50)).tag("window", "5m")
                .intField("count", 1000 + i % 977).field("qps", i * 0.37).field("error_rate", (i % 13) / 100.0)
                .field("latency_p50", 12.5 + i % 17).field("latency_p99", 80.25 + i % 31)
                .field("confidence_mean", 0.5 + (i % 7) / 20.0).timeNanos(1_700_000_000_000_000_000L + (i / 50) * 300_000_000_000L)
                .build();
    }

    private static double job(int n, String database, InfluxServer influx, boolean gzip) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        var points = env.fromSequence(0, n - 1).map(i -> point((int) (long) i), TypeInformation.of(Point.class));
        if (database == null) {
            points.sinkTo(new DiscardingSink<>());
        } else {
            points.sinkTo(InfluxSink.builder().setUrl(influx.url()).setDatabase(database)
                    .setDeadLetterFile(Paths.get("target", "bench", "dead.jsonl")).setGzip(gzip).build());
        }
        long t0 = System.nanoTime();
        env.execute("bench");
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void check(InfluxServer influx, String db, int n, String what) {
        List<Map<String, Object>> rows = influx.rows(db, "SELECT count(qps) FROM model_serving");
        long got = rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
        if (got != n) throw new IllegalStateException(what + ": " + got + " of " + n + " points stored");
    }
}
