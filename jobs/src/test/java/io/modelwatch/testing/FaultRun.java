package io.modelwatch.testing;

import io.modelwatch.cli.Main;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data and the checks the stream fault tests share (broker restart, stop-with-savepoint, a killed
 * TaskManager): a small generated data set (2 models, 6 features, 3 h, 1 % bad lines) sent in two halves to a
 * 2-partition topic (record i to partition i mod 2, so the offsets are the same on every broker), then one
 * sentinel record per partition 3 h after the data, which moves event time past every window of the data so an
 * unbounded run writes them all. A fault run is compared with a clean {@code --bounded} run over the same topic:
 * the windows of the data (times before {@link #CUTOFF}) must be the same points, each written exactly once.
 */
public final class FaultRun {
    public static final String FROM = "2026-11-25T00:00:00Z";
    public static final String TO = "2026-11-25T03:00:00Z";
    public static final Instant SENTINEL = Instant.parse("2026-11-25T06:00:00Z");
    /** Points of the data's windows are timed before this; the sentinel's windows after it. */
    public static final long CUTOFF_NANOS = Instant.parse("2026-11-25T04:30:00Z").toEpochMilli() * 1_000_000L;
    public static final Set<String> FIGURES = Set.of("feature_drift", "model_drift", "model_serving");
    /** The snapshots' modification time (their reference version), fixed so that an old savepoint's panes match. */
    public static final FileTime SNAPSHOT_TIME = FileTime.from(Instant.parse("2026-11-24T12:00:00Z"));
    public static final int PARTITIONS = 2;

    public final Path snapshots;
    public final List<String> records;

    private FaultRun(Path snapshots, List<String> records) {
        this.snapshots = snapshots;
        this.records = records;
    }

    /** Generates the reference logs, their snapshots and the current logs under {@code dir}. */
    public static FaultRun generate(Path dir) throws IOException {
        Path ref = dir.resolve("ref"), cur = dir.resolve("cur"), snapshots = dir.resolve("snapshots");
        cli("generate", "--output", ref.toString(), "--models", "model-a,model-b", "--features", "5",
                "--categorical", "1", "--events", "1500", "--seed", "11",
                "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-24T06:00:00Z");
        cli("reference", "--input", ref.toString(), "--output", snapshots.toString(), "--parallelism", "1");
        cli("generate", "--output", cur.toString(), "--models", "model-a,model-b", "--features", "5",
                "--categorical", "1", "--events", "900", "--drift", "num_001", "--drift-from", "2026-11-25T01:30:00Z",
                "--bad-lines", "0.01", "--seed", "12", "--from", FROM, "--to", TO);
        try (Stream<Path> files = Files.list(snapshots)) {
            for (Path f : files.collect(Collectors.toList())) Files.setLastModifiedTime(f, SNAPSHOT_TIME);
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(cur)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().collect(Collectors.toList())) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return new FaultRun(snapshots, lines);
    }

    public List<String> firstHalf() {
        return records.subList(0, records.size() / 2);
    }

    /** The second half and the sentinels (which go last, one per partition). */
    public List<String> secondHalf() {
        List<String> out = new ArrayList<>(records.subList(records.size() / 2, records.size()));
        String good = records.stream().filter(l -> l.startsWith("{") && l.endsWith("}") && l.contains("\"ts\":\"2026-11-25T")).reduce((a, b) -> b)
                .orElseThrow();
        for (int p = 0; p < PARTITIONS; p++) {
            out.add(good.replaceFirst("\"ts\":\"[^\"]*\"", "\"ts\":\"" + SENTINEL.plusSeconds(p) + "\""));
        }
        return out;
    }

    public static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
    }

    /** Sends the values, value i to partition (firstIndex + i) mod 2, and waits until the broker has them. */
    public static void send(String bootstrap, String topic, List<String> values, int firstIndex) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, (firstIndex + i) % PARTITIONS, null, values.get(i)));
            }
            producer.flush();
        }
    }

    /** Sends both halves (a clean topic). */
    public void sendAll(String bootstrap, String topic) {
        send(bootstrap, topic, firstHalf(), 0);
        send(bootstrap, topic, secondHalf(), firstHalf().size());
    }

    /** measurement,tags @ time -> fields of the data's windows; a series and time written twice keeps the last. */
    public static Map<String, Map<String, Object>> points(Path file) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        if (!Files.exists(file)) return out;
        for (Line l : LineProtocolReader.read(file)) {
            if (FIGURES.contains(l.measurement) && l.timestamp < CUTOFF_NANOS) out.put(key(l), l.fields);
        }
        return out;
    }

    /** The series and times of the data's windows written more than once. */
    public static List<String> writtenTwice(Path file) {
        Set<String> seen = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (Line l : LineProtocolReader.read(file)) {
            if (FIGURES.contains(l.measurement) && l.timestamp < CUTOFF_NANOS && !seen.add(key(l))) twice.add(key(l));
        }
        return twice;
    }

    static String key(Line l) {
        return l.measurement + l.tags + " @" + l.timestamp;
    }

    /** Waits until the file holds every expected series and time (the fault run's windows are all written). */
    public static void awaitPoints(Path file, Set<String> expected, Duration timeout, Supplier<String> diagnostics)
            throws InterruptedException {
        awaitPoints(file, expected, timeout, () -> true, diagnostics);
    }

    /** As above; fails at once when {@code running} says the fault run has ended. */
    public static void awaitPoints(Path file, Set<String> expected, Duration timeout,
                                   java.util.function.BooleanSupplier running, Supplier<String> diagnostics)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> have = Set.of();
        while (System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) throw new AssertionError("the run ended before writing its windows\n" + diagnostics.get());
            try {
                have = points(file).keySet();
            } catch (RuntimeException e) {
                have = Set.of(); // a line being written
            }
            if (have.containsAll(expected)) return;
            Thread.sleep(500);
        }
        Set<String> missing = new java.util.TreeSet<>(expected);
        missing.removeAll(have);
        throw new AssertionError(missing.size() + " of " + expected.size() + " windows not written after " + timeout
                + ", e.g. " + missing.stream().limit(3).collect(Collectors.toList()) + "\n" + diagnostics.get());
    }

    /** The fault run wrote exactly the clean run's windows, each once: integers and strings exactly, doubles to 1e-9. */
    public static void assertSameWindowsOnce(Path faultFile, Path cleanFile) {
        Map<String, Map<String, Object>> expected = points(cleanFile), actual = points(faultFile);
        assertThat(expected).as("the clean run's windows").hasSizeGreaterThan(50);
        assertThat(writtenTwice(faultFile)).as("windows written twice by the fault run").isEmpty();
        assertThat(actual.keySet()).as("series and times").containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
            Map<String, Object> a = actual.get(e.getKey());
            assertThat(a.keySet()).as("fields of " + e.getKey()).isEqualTo(e.getValue().keySet());
            for (Map.Entry<String, Object> f : e.getValue().entrySet()) {
                Object want = f.getValue(), got = a.get(f.getKey());
                String what = e.getKey() + " " + f.getKey();
                if (want instanceof Double) {
                    double w = (Double) want, g = (Double) got;
                    assertThat(Math.abs(g - w)).as(what + ": " + g + " vs " + w)
                            .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(w)));
                } else {
                    assertThat(got).as(what).isEqualTo(want);
                }
            }
        }
    }

    /** The options of every fault run: 1h windows sliding by 30m, 2 partitions read by 2 subtasks, no idleness. */
    public List<String> streamArgs(String bootstrap, String topic, String group, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("stream", "--kafka-bootstrap", bootstrap,
                "--kafka-topic", topic, "--group-id", group, "--starting-offsets", "earliest",
                "--reference", snapshots.toString(), "--reference-check-interval", "0",
                "--window", "1h", "--slide", "30m", "--idle-timeout", "0", "--parallelism", "2", "--shards", "2",
                "--sink", "file:" + out, "--dead-letter", out + ".dead.jsonl"));
        a.addAll(List.of(more));
        return a;
    }

    /** The clean run: the same job, {@code --bounded}, over the whole topic, on the embedded Flink. */
    public void runClean(String bootstrap, String topic, Path out) {
        cli(streamArgs(bootstrap, topic, "clean-" + out.getFileName(), out, "--bounded",
                "--checkpoint-interval", "1s", "--restart-attempts", "0").toArray(new String[0]));
    }

    private static void cli(String... args) {
        assertThat(Main.execute(args)).as("modelwatch %s", String.join(" ", args)).isZero();
    }
}
