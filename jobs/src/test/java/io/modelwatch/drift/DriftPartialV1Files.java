package io.modelwatch.drift;

import io.modelwatch.io.PredictionParser;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.ReferenceStatistics;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Wrote {@code common/src/test/resources/drift/v1/}: partials serialized by the v1 {@link DriftPartialSerializer}
 * (the public-struct DriftPartial of 2026-12-01), with the snapshot and the lines they were accumulated from, so
 * that every later reader is tested against bytes the old code really wrote (as HdrHistogram keeps old files).
 * Run once, by hand: {@code java ... io.modelwatch.drift.DriftPartialV1Files common/src/test/resources/drift/v1}.
 */
final class DriftPartialV1Files {
    private DriftPartialV1Files() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Snapshot s = snapshot();
        SnapshotFiles.write(dir, s);
        List<String> lines = lines(600, 17);
        Files.write(dir.resolve("lines.jsonl"), lines, StandardCharsets.UTF_8);
        write(dir.resolve("grid-1-shard.bin"), accumulate(s, lines, false).toPartials(1));
        write(dir.resolve("grid-3-shards.bin"), accumulate(s, lines, false).toPartials(3));
        write(dir.resolve("exact-2-shards.bin"), accumulate(s, lines, true).toPartials(2));
    }

    static WindowAccumulator accumulate(Snapshot s, List<String> lines, boolean exact) {
        WindowAccumulator acc = new WindowAccumulator(s, 3_600_000, 7_200_000, exact);
        PredictionParser parser = new PredictionParser();
        for (String l : lines) {
            if (parser.parse(l.getBytes(StandardCharsets.UTF_8)) != null) throw new IllegalStateException(l);
            acc.add(parser.record());
        }
        return acc;
    }

    static void write(Path file, List<DriftPartial> partials) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (DriftPartial p : partials) DriftPartialSerializer.INSTANCE.serialize(p, out);
        Files.write(file, out.getCopyOfBuffer());
    }

    /** n0..n3 numeric on a grid of 10 (n2 integer-valued, so values hit edges), c0/c1 categorical, __prediction. */
    static Snapshot snapshot() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<NumericReference> numeric = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            double[] v = new double[300];
            for (int i = 0; i < v.length; i++) v[i] = f == 2 ? rnd.nextInt(6) : 1000 * f + rnd.nextGaussian() * (1 + f);
            Arrays.sort(v);
            numeric.add(ReferenceStatistics.numeric("n" + f, v, 2, 1, 10, 1000));
        }
        double[] p = new double[300];
        for (int i = 0; i < p.length; i++) p[i] = rnd.nextDouble();
        Arrays.sort(p);
        numeric.add(ReferenceStatistics.numeric(Snapshot.PREDICTION_FEATURE, p, 0, 0, 10, 1000));
        List<CategoricalReference> categorical = List.of(
                new CategoricalReference("c0", 60, 0, 0, new String[] {"a", "b", "c"}, new long[] {30, 20, 10}),
                new CategoricalReference("c1", 60, 0, 0, new String[] {"false", "true"}, new long[] {40, 20}));
        return new Snapshot("m", 0, 3_600_000, 300, 10, 1000, numeric, categorical);
    }

    /** Values, nulls, NaN, wrong types, unseen categories, unknown features. */
    static List<String> lines(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> kv = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                double u = rnd.nextDouble();
                String v = u < 0.05 ? null : u < 0.08 ? "null" : u < 0.10 ? "NaN" : u < 0.13 ? "\"text\""
                        : f == 2 ? Integer.toString(rnd.nextInt(7))
                        : Double.toString(1000 * f + 0.3 + rnd.nextGaussian() * (1 + f));
                if (v != null) kv.add("\"n" + f + "\":" + v);
            }
            double u = rnd.nextDouble();
            String c0 = u < 0.05 ? null : u < 0.1 ? "null" : u < 0.13 ? "4"
                    : u < 0.25 ? "\"new" + rnd.nextInt(3) + "\"" : "\"" + "abc".charAt(rnd.nextInt(3)) + "\"";
            if (c0 != null) kv.add("\"c0\":" + c0);
            kv.add("\"c1\":" + (rnd.nextDouble() < 0.6 ? "true" : "false"));
            if (rnd.nextDouble() < 0.2) kv.add("\"unknown\":1.5");
            String prediction = rnd.nextDouble() < 0.1 ? ",\"prediction\":\"label\"" : ",\"prediction\":" + rnd.nextDouble();
            out.add("{\"ts\":" + (3_600_000 + i) + ",\"model\":\"m\"" + prediction + ",\"features\":{"
                    + String.join(",", kv) + "}}");
        }
        return out;
    }
}
