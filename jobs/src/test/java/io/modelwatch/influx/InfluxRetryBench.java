package io.modelwatch.influx;

import org.apache.flink.metrics.SimpleCounter;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * How long the sender takes to give up on an InfluxDB that answers 503 to everything, for a total retry time
 * of 300 ms (backoff 10..50 ms), and how many attempts it made: measured instead of asserted in
 * InfluxBatchSenderTest (docs/bench.md). Run by hand as InfluxSinkBench (docs/influx.md):
 * {@code java -cp ... io.modelwatch.influx.InfluxRetryBench [ROUNDS]}.
 */
public final class InfluxRetryBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path tmp = Files.createTempDirectory("influx-retry-bench");
        try (InfluxBatchSenderTest.FakeInflux influx = new InfluxBatchSenderTest.FakeInflux()) {
            influx.answer = body -> new InfluxBatchSenderTest.Answer(503, "{\"error\":\"busy\"}");
            for (int r = 0; r < rounds; r++) {
                SimpleCounter retries = new SimpleCounter();
                InfluxClient client = new HttpInfluxClient(URI.create(influx.url()), "db", "rp1", InfluxCredentials.none(),
                        Duration.ofSeconds(5));
                InfluxBatchSender sender = new InfluxBatchSender(client,
                        new InfluxBatchSender.Settings(Duration.ofMillis(300), Duration.ofMillis(10), Duration.ofMillis(50), true),
                        new DeadLetterFile(tmp.resolve("dead.jsonl")), new SimpleCounter(), retries, new SimpleCounter(), ms -> {});
                long t0 = System.nanoTime();
                try {
                    sender.send(List.of("m v=1 1\n".getBytes())).join();
                    throw new IllegalStateException("a 503 server accepted the write");
                } catch (CompletionException expected) {
                    // gave up, as it should
                }
                System.out.printf(Locale.ROOT, "round %d: gave up after %.0f ms, %d retries (retry time 300 ms)%n",
                        r + 1, (System.nanoTime() - t0) / 1e6, retries.getCount());
            }
        }
    }
}
