package io.modelwatch.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink's error handling against a fake InfluxDB (the JDK's HttpServer) that answers what a test says. */
class InfluxBatchSenderTest {

    /** A fake /write: records every request body (gunzipped) and answers with the status and body given. */
    static final class FakeInflux implements AutoCloseable {
        final HttpServer server;
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        final List<String> headers = Collections.synchronizedList(new ArrayList<>());
        volatile Function<String, Answer> answer = body -> new Answer(204, "");

        FakeInflux() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/write", ex -> {
                InputStream in = ex.getRequestBody();
                if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) in = new GZIPInputStream(in);
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                bodies.add(body);
                headers.add(ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
                Answer a = answer.apply(body);
                byte[] out = a.body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(a.status, out.length == 0 ? -1 : out.length);
                if (out.length > 0) ex.getResponseBody().write(out);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    record Answer(int status, String body) {}

    @TempDir Path tmp;
    FakeInflux influx;
    final SimpleCounter written = new SimpleCounter();
    final SimpleCounter retries = new SimpleCounter();
    final SimpleCounter rejected = new SimpleCounter();

    @BeforeEach
    void start() throws IOException {
        influx = new FakeInflux();
    }

    @AfterEach
    void stop() {
        influx.close();
    }

    private InfluxBatchSender sender(String url, InfluxCredentials credentials, Duration retryTotal) {
        InfluxClient client = new HttpInfluxClient(URI.create(url), "db", "rp1", credentials, Duration.ofSeconds(5));
        return new InfluxBatchSender(client,
                new InfluxBatchSender.Settings(retryTotal, Duration.ofMillis(10), Duration.ofMillis(50), true),
                new DeadLetterFile(tmp.resolve("dead.jsonl")), written, retries, rejected, ms -> {});
    }

    private InfluxBatchSender sender() {
        return sender(influx.url(), InfluxCredentials.none(), Duration.ofSeconds(5));
    }

    private static List<byte[]> lines(String... lines) {
        List<byte[]> out = new ArrayList<>();
        for (String l : lines) out.add((l + "\n").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> f) throws Exception {
        f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void batchIsOneGzippedPostWithNanosecondPrecisionAndTheRetentionPolicy() throws Exception {
        await(sender().send(lines("m v=1 1", "m v=2 2")));
        assertThat(influx.bodies).containsExactly("m v=1 1\nm v=2 2\n");
        assertThat(influx.headers).containsExactly("/write?db=db&precision=ns&rp=rp1 null");
        assertThat(written.getCount()).isEqualTo(2);
    }

    @Test
    void credentialsGoInTheAuthorizationHeader() throws Exception {
        await(sender(influx.url(), InfluxCredentials.token("t0k"), Duration.ofSeconds(5)).send(lines("m v=1 1")));
        assertThat(influx.headers.get(0)).endsWith(" Token t0k");
    }

    @Test
    void serviceUnavailableIsRetriedUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        influx.answer = body -> calls.incrementAndGet() <= 2 ? new Answer(503, "{\"error\":\"busy\"}") : new Answer(204, "");
        await(sender().send(lines("m v=1 1")));
        assertThat(calls.get()).isEqualTo(3);
        assertThat(retries.getCount()).isEqualTo(2);
        assertThat(written.getCount()).isEqualTo(1);
        assertThat(Files.exists(tmp.resolve("dead.jsonl"))).isFalse();
    }

    @Test
    void tooManyRequestsIsRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        influx.answer = body -> calls.incrementAndGet() == 1 ? new Answer(429, "") : new Answer(204, "");
        await(sender().send(lines("m v=1 1")));
        assertThat(retries.getCount()).isEqualTo(1);
    }

    @Test
    void anOutageIsToldOnStderrOnceWhenWritesStartFailingAndOnceWhenTheySucceedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        influx.answer = body -> calls.incrementAndGet() <= 3 ? new Answer(503, "{\"error\":\"busy\"}") : new Answer(204, "");
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            InfluxBatchSender sender = sender();
            await(sender.send(lines("m v=1 1")));
            await(sender.send(lines("m v=2 2"))); // no outage: nothing said
        } finally {
            System.setErr(stderr);
        }
        assertThat(said.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                l -> assertThat(l).isEqualTo("modelwatch: writes to InfluxDB at " + influx.url() + "/db are "
                        + "failing (503 busy); retrying for up to 5 s, nothing is dropped meanwhile"),
                l -> assertThat(l).startsWith("modelwatch: writes to InfluxDB at " + influx.url()
                        + "/db succeed again after ").endsWith(" s (3 retries)"));
        assertThat(retries.getCount()).isEqualTo(3);
    }

    @Test
    void retriesStopAfterTheTotalRetryTimeAndTheBatchFailsLoudly() {
        influx.answer = body -> new Answer(503, "{\"error\":\"still busy\"}");
        assertThatThrownBy(() -> await(sender(influx.url(), InfluxCredentials.none(), Duration.ofMillis(300))
                        .send(lines("m v=1 1"))))
                .rootCause().isExactlyInstanceOf(InfluxSinkException.class)
                .hasMessageContaining("did not accept a write within").hasMessageContaining("503 still busy");
        // It stops: each retry waits at least half its step (5, 10, 20, then 25 ms at the 50 ms cap), so 300 ms of
        // retry time hold at most 13 of them however fast the machine is (how many fit depends on the machine:
        // tooManyRequestsIsRetried shows that retries happen). How long it takes: InfluxRetryBench.
        assertThat(retries.getCount()).isLessThanOrEqualTo(13L);
        assertThat(influx.bodies).hasSize((int) retries.getCount() + 1);
    }

    @Test
    void connectionRefusedIsRetriedThenFails() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> await(sender("http://127.0.0.1:" + closedPort, InfluxCredentials.none(),
                        Duration.ofMillis(200)).send(lines("m v=1 1"))))
                .rootCause().isInstanceOf(InfluxSinkException.class).hasMessageContaining("did not accept a write");
        assertThat(retries.getCount()).isGreaterThan(0);
    }

    @Test
    void partialWriteSendsEachRejectedLineToTheDeadLetterFileAndIsNotRetried() throws Exception {
        // Like InfluxDB 1.6: good lines are stored, a batch with a bad line answers 400 partial write.
        influx.answer = body -> body.contains("bad") ? new Answer(400,
                "{\"error\":\"partial write: unable to parse 'bad': invalid field format dropped=1\"}") : new Answer(204, "");
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) batch.add(i == 5 || i == 11 ? "bad" + i : "m v=" + i + " " + i);
        await(sender().send(lines(batch.toArray(new String[0]))));

        assertThat(retries.getCount()).isZero();
        assertThat(rejected.getCount()).isEqualTo(2);
        assertThat(written.getCount()).isEqualTo(14);
        List<JsonNode> dead = new ArrayList<>();
        for (String l : Files.readAllLines(tmp.resolve("dead.jsonl"))) dead.add(new ObjectMapper().readTree(l));
        assertThat(dead).extracting(n -> n.get("line").asText()).containsExactly("bad5", "bad11");
        assertThat(dead.get(0).get("reason").asText()).startsWith("400 partial write: unable to parse");
        // Every good line reached InfluxDB, none was sent more than log2(16)+1 times.
        for (String good : batch) {
            if (good.startsWith("bad")) continue;
            long sent = influx.bodies.stream().filter(b -> b.contains(good + "\n")).count();
            assertThat(sent).isBetween(1L, 5L);
        }
    }

    @Test
    void databaseNotFoundFailsAtOnceWithOneLine() {
        influx.answer = body -> new Answer(404, "{\"error\":\"database not found: \\\"db\\\"\"}");
        assertThatThrownBy(() -> await(sender().send(lines("m v=1 1"))))
                .rootCause().isInstanceOf(InfluxSinkException.NonRecoverable.class)
                .hasMessageContaining("no database 'db'").hasMessageContaining("--influx-create-db")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(retries.getCount()).isZero();
        assertThat(influx.bodies).hasSize(1);
    }

    @Test
    void wrongCredentialsFailAtOnceNamingTheVariables() {
        influx.answer = body -> new Answer(401, "{\"error\":\"authorization failed\"}");
        assertThatThrownBy(() -> await(sender(influx.url(), InfluxCredentials.basic("bob", "pw"), Duration.ofSeconds(5))
                        .send(lines("m v=1 1"))))
                .rootCause().isInstanceOf(InfluxSinkException.NonRecoverable.class)
                .hasMessageContaining("INFLUX_USER/INFLUX_PASSWORD").hasMessageNotContaining("pw)");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheMaximum() {
        InfluxBatchSender s = new InfluxBatchSender(null,
                new InfluxBatchSender.Settings(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(5), true),
                null, written, retries, rejected, ms -> {});
        for (int i = 0; i < 50; i++) {
            assertThat(s.backoffNanos(1)).isBetween(50_000_000L, 100_000_000L);
            assertThat(s.backoffNanos(3)).isBetween(200_000_000L, 400_000_000L);
            assertThat(s.backoffNanos(20)).isBetween(2_500_000_000L, 5_000_000_000L);
        }
    }

    @Test
    void failureSurfacesAsCompletionExceptionOfTheFuture() {
        influx.answer = body -> new Answer(404, "{}");
        assertThatThrownBy(() -> sender().send(lines("m v=1 1")).join()).isInstanceOf(CompletionException.class);
    }
}
