package io.modelwatch.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import io.modelwatch.testing.LpLint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input checks in {@code stream --bounded} over Kafka (issue 16): the same input_quality as the backfill over the
 * same records; anomaly records to a Kafka topic, at most --anomaly-limit per model and window, each named by its
 * partition and offset; with --redact, nothing of a dropped or masked field in the dead-letter topic, the anomaly
 * topic or any file the run writes. (The hash rule, which needs the key in the environment, is proved by
 * RedactionSearchITCase, whose runs have their own JVM.)
 */
class StreamQualityITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final List<String> SECRETS = List.of("PLANT-S-USER-1", "PLANT-S-EMAIL-2", "PLANT-S-BAD-3", "PLANT-S-LONG-4");

    @TempDir Path dir;

    @Test
    void streamMatchesTheBackfillAndStoresOnlyRedactedCopies() throws Exception {
        List<String> ref = new ArrayList<>();
        for (int i = 0; i <= 400; i++) {
            ref.add("{\"ts\":\"2026-11-20T10:00:00Z\",\"model\":\"m\",\"features\":{\"x\":" + (i / 4.0) + ",\"country\":\""
                    + (i % 2 == 0 ? "de" : "fr") + "\"}}");
        }
        Files.write(dir.resolve("ref.jsonl"), ref, StandardCharsets.UTF_8);
        String longValue = "v".repeat(5000) + "PLANT-S-LONG-4" + "v".repeat(5000);
        List<String> in = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String ts = T0.plusSeconds(12L * i).toString();
            String x = i % 7 == 0 ? "500" : i % 11 == 0 ? "null" : "50";
            in.add("{\"ts\":\"" + ts + "\",\"model\":\"m\",\"request_id\":\"q" + i + "\",\"user_id\":\"PLANT-S-USER-1\","
                    + "\"features\":{\"x\":" + x + ",\"country\":\"" + (i % 13 == 0 ? "DE" : "de") + "\","
                    + "\"email\":\"PLANT-S-EMAIL-2\"" + (i % 100 == 0 ? ",\"notes\":\"" + longValue + "\"" : "") + "}}");
            if (i % 150 == 0) in.add("{\"ts\":\"" + ts + "\",\"model\":\"m\",\"features\":{\"email\":\"PLANT-S-BAD-3\"");
        }
        Files.write(dir.resolve("in.jsonl"), in, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("redact.yaml"),
                "fields:\n  user_id: drop\n  features.email: mask\n  features.notes: drop\n");
        Path snaps = dir.resolve("snapshots");
        assertThat(Main.execute("reference", "--input", dir.resolve("ref.jsonl").toString(), "--output", snaps.toString())).isZero();

        Path backfill = dir.resolve("backfill.lp");
        assertThat(Main.execute("backfill", "--input", dir.resolve("in.jsonl").toString(), "--reference", snaps.toString(),
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z", "--window", "1h", "--parallelism", "1",
                "--sink", "file:" + backfill, "--dead-letter", dir.resolve("backfill-dead.jsonl").toString())).isZero();

        String topic = KAFKA.createTopic("q-predictions", 1);
        KAFKA.send(topic, in);
        Path run = dir.resolve("stream-run");
        Files.createDirectories(run);
        Path stream = run.resolve("stream.lp");
        assertThat(Main.execute("stream", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", topic,
                "--starting-offsets", "earliest", "--bounded", "--reference", snaps.toString(),
                "--window", "1h", "--slide", "1h", "--parallelism", "1", "--checkpoint-interval", "2s",
                "--restart-attempts", "0", "--sink", "file:" + stream, "--dead-letter-topic", "q-dead",
                "--anomalies", "kafka:q-anomalies", "--anomaly-limit", "10",
                "--redact", dir.resolve("redact.yaml").toString())).isZero();
        LpLint.assertPasses(stream);

        // the same input_quality as the backfill: one computation in both jobs
        Map<String, Map<String, Object>> b = quality(backfill), s = quality(stream);
        assertThat(b).hasSize(2);
        assertThat(s).isEqualTo(b);
        assertThat(b.values()).allSatisfy(q -> assertThat((Long) q.get("anomalous_records")).isGreaterThan(10L));

        List<String> anomalies = KAFKA.read("q-anomalies", 20, Duration.ofSeconds(60));
        List<String> dead = KAFKA.read("q-dead", 4, Duration.ofSeconds(60));
        assertThat(dead).hasSize(4);
        assertThat(anomalies).hasSize(20);
        Map<String, Integer> perWindow = new TreeMap<>();
        Set<String> positions = new HashSet<>();
        for (String a : anomalies) {
            JsonNode n = JSON.readTree(a);
            perWindow.merge(n.get("ts").asText().substring(0, 13), 1, Integer::sum);
            assertThat(n.get("source").asText()).isEqualTo(topic + "-0");
            positions.add(n.get("source").asText() + "@" + n.get("line_number").asLong());
            int i = Integer.parseInt(n.get("request_id").asText().substring(1));
            // the offset of request i: the lines before it, bad ones included
            assertThat(n.get("line_number").asLong()).isEqualTo(in.indexOf(in.stream()
                    .filter(l -> l.contains("\"request_id\":\"q" + i + "\"")).findFirst().orElseThrow()));
            assertThat(n.get("record").get("features").get("email").asText()).isEqualTo("***");
        }
        assertThat(perWindow).containsExactly(Map.entry("2026-11-24T10", 10), Map.entry("2026-11-24T11", 10));
        assertThat(positions).as("each record once").hasSize(20);

        // every byte the run stored: its files, and the two topics
        List<String> stored = new ArrayList<>(anomalies);
        stored.addAll(dead);
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) stored.add(Files.readString(f, StandardCharsets.ISO_8859_1));
        }
        for (String secret : SECRETS) {
            assertThat(stored).as(secret).noneMatch(t -> t.contains(secret));
        }
        // and the search can fail: the backfill without --redact kept them in its dead letters
        String plain = Files.readString(dir.resolve("backfill-dead.jsonl"));
        assertThat(plain).contains("PLANT-S-BAD-3");
    }

    private static Map<String, Map<String, Object>> quality(Path lp) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Line l : LineProtocolReader.read(lp)) if (l.measurement.equals("input_quality")) out.put(l.tags + "@" + l.timestamp, l.fields);
        return out;
    }
}
