package io.modelwatch.bench;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The backfill's hot path without Flink, on one thread: parse each line and fold it into its window, against
 * the parse floor on the same lines. Tells the cost of the per-record work apart from the job's start-up,
 * shuffle and scoring. Run: {@code java ... io.modelwatch.bench.HotPathBench FILE SNAPSHOT_DIR}.
 */
public final class HotPathBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Map<String, Snapshot> snapshots = SnapshotFiles.readAll(Path.of(args[1]));
        List<byte[]> lines = new ArrayList<>();
        for (String s : Files.readAllLines(file)) lines.add(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long n = 0;
            for (byte[] l : lines) n += floor(l);
            double floor = (System.nanoTime() - t0) / 1e9;

            t0 = System.nanoTime();
            PredictionParser parser = new PredictionParser();
            for (byte[] l : lines) parser.parse(l);
            double parse = (System.nanoTime() - t0) / 1e9;

            t0 = System.nanoTime();
            Map<Long, DriftPartial> windows = new HashMap<>();
            for (byte[] l : lines) {
                if (parser.parse(l) != null) continue;
                PredictionRecord r = parser.record();
                long start = Math.floorDiv(r.tsMillis, 3_600_000L) * 3_600_000L;
                windows.computeIfAbsent(start, s -> DriftPartial.forWindow(snapshots.get(r.model), s, s + 3_600_000L, false)).update(r);
            }
            double full = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %,d numbers; floor %.2f s, parse %.2f s (%.2fx), parse+accumulate %.2f s (%.2fx)%n",
                    round, n, floor, parse, parse / floor, full, full / floor);
        }
    }

    private static final com.fasterxml.jackson.core.JsonFactory F = com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private static long floor(byte[] line) throws java.io.IOException {
        long n = 0;
        try (com.fasterxml.jackson.core.JsonParser p = F.createParser(line)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT || t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
                    p.getDoubleValue();
                    n++;
                }
            }
        }
        return n;
    }
}
