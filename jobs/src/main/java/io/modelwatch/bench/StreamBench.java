package io.modelwatch.bench;

import io.modelwatch.influx.SinkSpec;
import io.modelwatch.io.LogGenerator;
import io.modelwatch.io.JobProgress;
import io.modelwatch.stream.StreamConfig;
import io.modelwatch.stream.StreamJob;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The stream benchmark of issue 4: E events of F numeric features (one model) in a local Kafka topic of two
 * partitions, read by {@code stream --bounded} with parallelism 2 and checkpointing on, against the Jackson parse
 * floor over the same lines in the same run. Reports the sustained rate (records read between 10 % and 90 % of
 * the topic, so start-up and the last flush are left out) and the whole run's; checkpoint size and heap (used
 * after the last GC) once 1 and once 10 windows have been emitted; and how the feature shards spread over the
 * subtasks.
 */
public final class StreamBench {
    private StreamBench() {}

    /**
     * Runs the bench; with {@code warmRuns} > 0, after that many untimed runs of the same job over the same topic in
     * this JVM (each with its own consumer group, checkpoints and sink), and the floor (always the median of
     * {@link ParseFloor#TIMED_RUNS} timed parses) after one untimed parse of the same lines: the figures are then
     * both warm. A cold run on this 2-core machine spends a quarter of the JVM's CPU in the JIT's
     * compiler threads even in the middle half of a 100,000-event run (docs/stream.md, "Where a cold run's CPU
     * goes"), which a stream running for days pays once.
     */
    public static void run(String bootstrap, Path workdir, int features, long events, int parallelism, long windowMillis,
                           int windows, long checkpointMillis, int warmRuns, PrintStream out) throws Exception {
        out.printf("bench stream: %d numeric features, %,d events over %d windows of %d s, 2 partitions, parallelism %d, "
                        + "checkpoint every %d ms, %d cores, max heap %d MB%s%n", features, events, windows, windowMillis / 1000,
                parallelism, checkpointMillis, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                warmRuns > 0 ? ", after " + warmRuns + " untimed run(s) of the job and of the floor (warm)" : ", cold (no warm-up run)");
        Path dir = workdir.resolve(features + "x" + events);
        BenchLogs logs = new BenchLogs(dir);
        LogGenerator.Config cur = BenchLogs.current(features, events, 2);
        cur.to = BenchLogs.CURRENT_DAY.plusMillis(windowMillis * windows);
        logs.generate(BenchLogs.reference(features, Math.max(1000, events / 4), 1), cur);
        logs.ensureSnapshots(parallelism);
        List<Path> curFiles = logs.currentFiles();
        long bytes = 0;
        for (Path p : curFiles) bytes += Files.size(p);
        out.printf("current logs: %,d MB in %d files%n", bytes >> 20, curFiles.size());

        if (warmRuns > 0) ParseFloor.parse(curFiles, parallelism);
        ParseFloor.Timing floor = ParseFloor.median(curFiles, parallelism);
        long numbers = floor.numbers();
        double floorSeconds = floor.seconds(), floorCpuSeconds = floor.cpuSeconds();
        out.printf("parse floor (median of %d): %.2f s, %,.0f numbers/s (%,d numbers), %,.0f events/s%n",
                ParseFloor.TIMED_RUNS, floorSeconds, numbers / floorSeconds, numbers, events / floorSeconds);

        String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        long t0 = System.nanoTime();
        long sent = produce(bootstrap, topic, curFiles);
        out.printf("produced %,d records into %s in %.1f s%n", sent, topic, (System.nanoTime() - t0) / 1e9);

        for (int i = 1; i <= warmRuns; i++) {
            t0 = System.nanoTime();
            StreamJob.run(config(bootstrap, topic, "warm" + i, dir, logs, windowMillis, parallelism, checkpointMillis),
                    points -> points, new JobProgress());
            out.printf("warm-up run %d of the job: %.1f s%n", i, (System.nanoTime() - t0) / 1e9);
        }
        StreamConfig c = config(bootstrap, topic, "", dir, logs, windowMillis, parallelism, checkpointMillis);
        Path checkpoints = checkpoints(dir, topic, "");
        JobProgress progress = new JobProgress();
        String loadAtStart = loadAverage();
        Watcher w = new Watcher(checkpoints, sent, progress);
        Thread watcher = new Thread(w, "stream-bench-watcher");
        watcher.setDaemon(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        watcher.start();
        try {
            StreamJob.run(c, points -> points, progress);
        } catch (Throwable e) {
            failure.set(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        w.stop = true;
        watcher.join();
        deleteTopic(bootstrap, topic, out);
        if (failure.get() != null) throw new IllegalStateException("the stream job failed", failure.get());

        double sustained = w.sustainedEventsPerSecond();
        double fvFloor = numbers / floorSeconds;
        out.println();
        out.println("| figure | value |");
        out.println("|---|---|");
        out.printf("| parse floor, feature-values/s (numbers/s) | %,.0f |%n", fvFloor);
        out.printf("| stream, sustained events/s (10-90 %% of the topic) | %,.0f |%n", sustained);
        out.printf("| stream, sustained feature-values/s | %,.0f |%n", sustained * features);
        out.printf("| stream sustained / parse floor | %.0f %% |%n", 100 * sustained * features / fvFloor);
        // CPU time is what a loaded machine distorts least: the same ratio counted in CPU seconds per event
        // (all threads of this JVM: the floor's two parsers; the job's tasks, Kafka client, checkpoints, GC).
        double floorCpuPerEvent = floorCpuSeconds / events, streamCpuPerEvent = w.sustainedCpuSecondsPerEvent();
        out.printf("| CPU per event, parse floor / stream (10-90 %%) | %.1f us / %.1f us |%n", 1e6 * floorCpuPerEvent,
                1e6 * streamCpuPerEvent);
        out.printf("| parse floor / stream, CPU per event | %.0f %% |%n", 100 * floorCpuPerEvent / streamCpuPerEvent);
        out.printf("| load average (1 min) at the start / at the end | %s |%n", loadAtStart + " / " + loadAverage());
        out.printf("| stream, whole run incl. start-up (s) | %.1f (%,.0f events/s) |%n", seconds, sent / seconds);
        out.printf("| windows emitted | %d |%n", progress.windowsDone());
        out.printf("| checkpoints completed | %d |%n", w.checkpointSizes.size());
        long[] after1 = w.firstCheckpointAfter(1), after10 = w.firstCheckpointAfter(10);
        out.printf("| checkpoint size after 1 window | %s |%n", kb(after1[1]));
        out.printf("| checkpoint size after 10 windows | %s |%n", kb(after10[1]));
        out.printf("| heap used after GC, after 1 window | %s |%n", mb(after1[2]));
        out.printf("| heap used after GC, after 10 windows | %s |%n", mb(after10[2]));
        // one checkpoint can catch one or two windows open: whether state grows is told by the largest one in
        // each third of the run, not by two single checkpoints (the last third takes those after the last window)
        for (int third = 0; third < 3; third++) {
            long lo = (long) windows * third / 3, hi = third == 2 ? Long.MAX_VALUE : (long) windows * (third + 1) / 3;
            long maxSize = -1, maxHeap = -1;
            int n = 0;
            for (long[] s : w.checkpointSizes) {
                if (s[0] < lo || s[0] >= hi) continue;
                n++;
                maxSize = Math.max(maxSize, s[1]);
                maxHeap = Math.max(maxHeap, s[2]);
            }
            out.printf("| windows %d-%d emitted: checkpoints, largest size, largest heap after GC | %d, %s, %s |%n",
                    lo, third == 2 ? windows : hi - 1, n, kb(maxSize), mb(maxHeap));
        }
        int shards = c.shards();
        out.printf("| shard keys per subtask (balanced keys / plain hash) | %s / %s |%n",
                spread(shardKeysBalanced(shards, parallelism), parallelism), spread(shardKeysPlain(shards), parallelism));
    }

    /** The benchmarked job's configuration; {@code run} names a warm-up run's group, checkpoints and sink apart ("": the timed run's). */
    private static StreamConfig config(String bootstrap, String topic, String run, Path dir, BenchLogs logs, long windowMillis,
                                       int parallelism, long checkpointMillis) {
        String name = runName(topic, run);
        StreamConfig.Builder b = StreamConfig.builder();
        b.bootstrap(bootstrap);
        b.topics(List.of(topic));
        b.groupId(name);
        b.startingOffsets("earliest");
        b.bounded(true);
        b.referenceDir(logs.snapshots.toString());
        b.windowMillis(windowMillis);
        b.slideMillis(windowMillis);
        b.parallelism(parallelism);
        b.shards(4 * parallelism);
        b.checkpointIntervalMillis(checkpointMillis);
        b.checkpointDir(checkpoints(dir, topic, run).toUri().toString());
        b.restartAttempts(0);
        b.sink(SinkSpec.parse("file:" + dir.resolve("stream-" + name + ".lp")));
        b.deadLetterFile(dir.resolve("stream-dead-letter-" + name + ".jsonl").toString());
        return b.build();
    }

    private static String runName(String topic, String run) {
        return run.isEmpty() ? topic : topic + "-" + run;
    }

    /** Where a run's checkpoints go (the watcher reads their sizes there). */
    private static Path checkpoints(Path dir, String topic, String run) {
        return dir.resolve("checkpoints-" + runName(topic, run));
    }

    /** CPU time of this JVM, all threads (HotSpot's bean; -1 where it is not there). */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String kb(long b) {
        return b < 0 ? "n/a (no checkpoint in that span)" : String.format("%,d KB", b >> 10);
    }

    private static String mb(long b) {
        return b < 0 ? "n/a" : String.format("%,d MB", b >> 20);
    }

    private static List<String> shardKeysPlain(int shards) {
        List<String> k = new ArrayList<>();
        for (int s = 0; s < shards; s++) k.add("model-a" + '\u0000' + s);
        return k;
    }

    private static List<String> shardKeysBalanced(int shards, int parallelism) {
        return List.of(StreamJob.shardKeys("model-a", shards, parallelism));
    }

    private static String spread(List<String> keys, int parallelism) {
        int[] n = new int[parallelism];
        for (String k : keys) n[KeyGroupRangeAssignment.assignKeyToParallelOperator(k, 128, parallelism)]++;
        return java.util.Arrays.toString(n);
    }

    /**
     * The bench's topic goes once the runs are done: each run wrote its events (about 380 MB at 20,000 x 1000) into the
     * local broker, whose data had grown to 13 GB of old bench topics that every broker start loads again.
     */
    static void deleteTopic(String bootstrap, String topic, PrintStream out) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            out.printf("could not delete the bench's topic %s (%s); delete it by hand%n", topic, e);
        }
    }

    static long produce(String bootstrap, String topic, List<Path> files) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(1 << 20));
        p.put("compression.type", "lz4");
        p.put("max.request.size", String.valueOf(8 << 20));
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Path f : files) {
                try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        // alternate partitions: each stays in time order, both get half
                        producer.send(new ProducerRecord<>(topic, (int) (n % 2), null, line.getBytes(StandardCharsets.UTF_8)));
                        n++;
                    }
                }
            }
            producer.flush();
        }
        return n;
    }

    /** Samples records read, windows emitted, the newest checkpoint's size and the heap used after GC. */
    static final class Watcher implements Runnable {
        final Path checkpoints;
        final long total;
        volatile boolean stop;
        final List<long[]> samples = new ArrayList<>(); // nanos, records, process CPU nanos
        /** Every checkpoint seen: windows emitted when it was seen, its size, heap used after the last GC. */
        final List<long[]> checkpointSizes = new ArrayList<>();
        private String lastCheckpoint;

        final JobProgress progress;

        Watcher(Path checkpoints, long total, JobProgress progress) {
            this.checkpoints = checkpoints;
            this.total = total;
            this.progress = progress;
        }

        @Override
        public void run() {
            while (!stop) {
                // the job's accumulators, as of the last TaskManager heartbeat (every second)
                progress.refresh();
                samples.add(new long[] {System.nanoTime(), progress.recordsRead(), processCpuNanos()});
                long windows = progress.windowsDone();
                Path latest = latestCheckpoint();
                if (latest != null && !latest.toString().equals(lastCheckpoint)) {
                    lastCheckpoint = latest.toString();
                    checkpointSizes.add(new long[] {windows, size(latest), heapAfterGc()});
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The first checkpoint seen once {@code windows} windows were emitted: {windows, size, heap}, or -1s. */
        long[] firstCheckpointAfter(long windows) {
            for (long[] c : checkpointSizes) if (c[0] >= windows) return c;
            return new long[] {-1, -1, -1};
        }

        double sustainedEventsPerSecond() {
            long[] a = null, b = null;
            for (long[] s : samples) {
                if (a == null && s[1] >= total / 10) a = s;
                if (b == null && s[1] >= total * 9 / 10) b = s;
            }
            if (a == null || b == null || b[0] == a[0]) return Double.NaN;
            return (b[1] - a[1]) / ((b[0] - a[0]) / 1e9);
        }

        /** Process CPU seconds per record read between 10 % and 90 % of the topic. */
        double sustainedCpuSecondsPerEvent() {
            long[] a = null, b = null;
            for (long[] s : samples) {
                if (a == null && s[1] >= total / 10) a = s;
                if (b == null && s[1] >= total * 9 / 10) b = s;
            }
            if (a == null || b == null || b[1] == a[1] || a[2] < 0) return Double.NaN;
            return (b[2] - a[2]) / 1e9 / (b[1] - a[1]);
        }

        private Path latestCheckpoint() {
            if (!Files.isDirectory(checkpoints)) return null;
            try (Stream<Path> jobs = Files.list(checkpoints)) {
                Path best = null;
                long bestN = -1;
                for (Path job : (Iterable<Path>) jobs::iterator) {
                    try (Stream<Path> chks = Files.list(job)) {
                        for (Path chk : (Iterable<Path>) chks::iterator) {
                            String name = chk.getFileName().toString();
                            if (!name.startsWith("chk-") || !Files.exists(chk.resolve("_metadata"))) continue;
                            long n = Long.parseLong(name.substring(4));
                            if (n > bestN) {
                                bestN = n;
                                best = chk;
                            }
                        }
                    }
                }
                return best;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private static long size(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private static long heapAfterGc() {
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() != MemoryType.HEAP) continue;
                MemoryUsage u = pool.getCollectionUsage();
                if (u != null) used += u.getUsed();
            }
            return used;
        }
    }
}
