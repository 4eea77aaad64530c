package io.modelwatch.bench;

import io.modelwatch.io.LogGenerator;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.io.RawLine;
import io.modelwatch.multivariate.EmbeddingFigures;
import io.modelwatch.multivariate.EmbeddingReference;
import io.modelwatch.multivariate.EmbeddingReferenceBuilder;
import io.modelwatch.multivariate.MultivariateErrors;
import io.modelwatch.multivariate.MultivariateSnapshot;
import io.modelwatch.multivariate.ReconstructionModel;
import io.modelwatch.preaggregate.PreAggregator;
import io.modelwatch.reference.Snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of multivariate drift on the hot path (issue 17), in process, on one thread, without Flink:
 *
 * <p>{@code pca FEATURES EVENTS [LATENT]}: generated logs of FEATURES numeric features (independent normals, the
 * generator's: the worst case for a PCA, which then keeps most components), a PCA fitted on the EVENTS rows
 * (the joint sample; with LATENT > 0 on rows of LATENT factors mixed into every feature plus noise instead, the
 * correlated case, few components), and per round the parse floor (Jackson, every number read), the parser, and
 * parser + reconstruction error, both ways: through the fewer of the kept and the discarded components (what the
 * jobs do) and through the kept ones only (what they did before), each with its share of the floor. Prints the
 * fit time, k and the load average.
 *
 * <p>{@code embedding DIM SECONDS RATE}: a generated DIM-element embedding fed through the shared
 * pre-aggregation at RATE records per second (paced) for SECONDS, 1-minute windows, the heap watched: the
 * window state is DIM doubles per window whatever the rate, so the live heap must not grow with time.
 *
 * <p>Run: {@code java -cp jobs/target/modelwatch-jobs-*.jar io.modelwatch.bench.MultivariateBench pca 1000 2000}.
 */
public final class MultivariateBench {
    private MultivariateBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mw-mv-bench");
        if (args[0].equals("pca")) pca(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                args.length > 3 ? Integer.parseInt(args[3]) : 0);
        else if (args[0].equals("fit")) fit(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        else embedding(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    }

    private static List<byte[]> generate(Path dir, int features, int embeddingDim, long events) throws Exception {
        LogGenerator.Config c = new LogGenerator.Config();
        c.numericFeatures = features;
        c.categoricalFeatures = 0;
        c.eventsPerModel = events;
        c.missingRate = 0;
        c.embeddingDim = embeddingDim;
        List<byte[]> lines = new ArrayList<>();
        for (Path p : LogGenerator.generate(c, dir, n -> {})) {
            for (String s : Files.readAllLines(p)) lines.add(s.getBytes(StandardCharsets.UTF_8));
            Files.delete(p);
        }
        return lines;
    }

    static void pca(Path dir, int features, int events, int latent) throws Exception {
        List<byte[]> lines = generate(dir, features, 0, events);
        PredictionParser parser = new PredictionParser();
        String[] names = new String[features];
        double[] mean = new double[features], std = new double[features];
        for (int j = 0; j < features; j++) {
            names[j] = LogGenerator.numericName(j);
            mean[j] = 10 * (j % 7);
            std[j] = 1 + (j % 3);
        }
        double[][] rows = new double[lines.size()][features];
        long[] chunk = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            parser.parse(lines.get(i));
            PredictionRecord r = parser.record();
            for (int k = 0; k < r.featureCount; k++) rows[i][k] = r.featureNumbers[k];
            chunk[i] = r.tsMillis / 3_600_000L;
        }
        if (latent > 0) {
            // correlated features: LATENT factors mixed into every feature plus a little noise, so few components
            // keep 90 % of the variance. The timed lines stay the generator's: a record's cost is the loop's
            // length, min(k, F - k) x F, whatever its values.
            java.util.Random random = new java.util.Random(11);
            double[][] load = new double[latent][features];
            for (double[] l : load) for (int j = 0; j < features; j++) l[j] = random.nextGaussian();
            double[] f = new double[latent];
            for (double[] row : rows) {
                for (int l = 0; l < latent; l++) f[l] = random.nextGaussian();
                for (int j = 0; j < features; j++) {
                    double x = 0.3 * random.nextGaussian();
                    for (int l = 0; l < latent; l++) x += f[l] * load[l][j];
                    row[j] = mean[j] + std[j] * x / Math.sqrt(latent);
                }
            }
        }
        long t0 = System.nanoTime();
        ReconstructionModel m = ReconstructionModel.fit(names, mean, std, rows, chunk, 30);
        ReconstructionModel kept = m.keptOnly();
        System.out.printf("fit: %d x %d sample, EJML eigen-decomposition, %.1f s; k = %d components for 90 %% of the variance;"
                        + " %d projections per record (%s); load %s%n",
                rows.length, features, (System.nanoTime() - t0) / 1e9, m.components(), m.projectionRows(), latent > 0 ? latent + " latent factors" : "independent features", loadAverage());
        Snapshot s = new Snapshot("model-a", 0, 1, rows.length, 10, 0, List.of(), List.of())
                .withMultivariate(new MultivariateSnapshot(m, null, List.of()));
        PreAggregator.Reference ref = new PreAggregator.Reference(s, 0);
        MultivariateErrors errors = new MultivariateErrors();
        for (int round = 0; round < 4; round++) {
            t0 = System.nanoTime();
            long n = 0;
            for (byte[] l : lines) n += floor(l);
            double floor = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            for (byte[] l : lines) parser.parse(l);
            double parse = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            double sum = 0;
            for (byte[] l : lines) {
                parser.parse(l);
                sum += errors.compute(parser.record(), m);
            }
            double full = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            double sumKept = 0;
            for (byte[] l : lines) {
                parser.parse(l);
                sumKept += errors.compute(parser.record(), kept);
            }
            double fullKept = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %,d numbers; floor %.3f s, parse %.3f s; error through %d components %.3f s = %.0f %% "
                            + "of the floor (%.1f us/record), through the %d kept %.3f s = %.0f %% (mean error %.4f / %.4f); load %s%n",
                    round, n, floor, parse, m.projectionRows(), full - parse, 100 * (full - parse) / floor,
                    1e6 * (full - parse) / lines.size(), kept.projectionRows(), fullKept - parse,
                    100 * (fullKept - parse) / floor, sum / lines.size(), sumKept / lines.size(), loadAverage());
        }
    }

    /**
     * The reference's fit step as its last task runs it, stage by stage: SUBTASKS readers' joint samples of ROWS
     * records of FEATURES independent normals in all (each reader's sample as the bytes it sends), merged as the
     * snapshot writer merges them, laid out in feature order, fitted, written as the snapshot's section. After
     * each stage the live heap (after a full collection) and the time; at the end the peak used heap.
     */
    static void fit(int features, int rows, int subtasks) throws Exception {
        java.util.Random random = new java.util.Random(7);
        String[] names = new String[features];
        for (int j = 0; j < features; j++) names[j] = LogGenerator.numericName(j);
        double[] mean = new double[features], std = new double[features];
        java.util.Arrays.fill(std, 1.0);
        try (HeapWatcher heap = new HeapWatcher()) {
            long t0 = System.nanoTime();
            io.modelwatch.multivariate.RecordSample[] parts = new io.modelwatch.multivariate.RecordSample[subtasks];
            for (int i = 0; i < subtasks; i++) parts[i] = new io.modelwatch.multivariate.RecordSample(rows);
            double[] row = new double[features];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < features; j++) row[j] = random.nextGaussian();
                parts[i % subtasks].offer(i * 17_280L, names, row, features);
            }
            byte[][] bytes = new byte[subtasks][];
            long total = 0;
            for (int i = 0; i < subtasks; i++) {
                bytes[i] = parts[i].toBytes();
                total += bytes[i].length;
                parts[i] = null;
            }
            stage("readers' samples as bytes (" + total / 1_000_000 + " MB)", t0);
            t0 = System.nanoTime();
            // as SnapshotWriterOperator: the first reader's sample, then each other's bytes merged record by record
            io.modelwatch.multivariate.RecordSample sample = io.modelwatch.multivariate.RecordSample.fromBytes(bytes[0]);
            for (int i = 0; i < subtasks; i++) {
                if (i > 0) sample.mergeBytes(bytes[i]);
                bytes[i] = null;
            }
            stage("merged (" + sample.size() + " rows)", t0);
            t0 = System.nanoTime();
            double[][] table = sample.rows(names);
            long[] ts = sample.times();
            sample = null;
            long[] chunkOf = new long[ts.length];
            for (int i = 0; i < ts.length; i++) chunkOf[i] = ts[i] / 3_600_000L;
            stage("rows in feature order", t0);
            t0 = System.nanoTime();
            ReconstructionModel m = ReconstructionModel.fit(names, mean, std, table, chunkOf, 30);
            stage("fitted: k = " + m.components() + ", " + m.projectionRows() + " projections per record", t0);
            t0 = System.nanoTime();
            long[] written = {0};
            try (com.fasterxml.jackson.core.JsonGenerator g = F.createGenerator(new java.io.OutputStream() {
                @Override public void write(int b) { written[0]++; }
                @Override public void write(byte[] b, int off, int len) { written[0] += len; }
            })) {
                g.writeStartObject();
                MultivariateSnapshot.write(g, new MultivariateSnapshot(m, table, List.of()));
                g.writeEndObject();
            }
            stage("section written (" + written[0] / 1_000_000 + " MB)", t0);
            System.out.printf("fit %d x %d from %d readers: peak used heap %.1f MB, peak live heap %.1f MB; load average %s%n",
                    rows, features, subtasks, heap.peakUsedBytes() / 1e6, heap.peakLiveBytes() / 1e6, loadAverage());
        }
    }

    private static void stage(String what, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.gc();
        Runtime r = Runtime.getRuntime();
        System.out.printf("%-60s %7.1f s, live heap %7.1f MB%n", what, s, (r.totalMemory() - r.freeMemory()) / 1e6);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static final com.fasterxml.jackson.core.JsonFactory F = com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    /** The parse floor of one line: Jackson's streaming parser, every number read as a double, nothing kept. */
    private static long floor(byte[] line) throws java.io.IOException {
        long n = 0;
        double sink = 0;
        try (com.fasterxml.jackson.core.JsonParser p = F.createParser(line)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT || t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
                    sink += p.getDoubleValue();
                    n++;
                }
            }
        }
        return sink == 0.5 ? n + 1 : n;
    }

    static void embedding(Path dir, int dim, int seconds, int rate) throws Exception {
        List<byte[]> lines = generate(dir, 4, dim, Math.min(20_000, (long) seconds * rate));
        PredictionParser parser = new PredictionParser();
        EmbeddingReferenceBuilder b = new EmbeddingReferenceBuilder(LogGenerator.EMBEDDING, 5000);
        for (byte[] l : lines) {
            parser.parse(l);
            PredictionRecord r = parser.record();
            for (int k = 0; k < r.featureCount; k++) {
                if (r.featureArrayLength[k] >= 0) b.add(r.tsMillis, r.arrayValues, r.featureArrayOffset[k], r.featureArrayLength[k]);
            }
        }
        EmbeddingReference er = b.build();
        Snapshot s = new Snapshot("model-a", 0, 1, lines.size(), 10, 0, List.of(), List.of())
                .withMultivariate(new MultivariateSnapshot(null, null, List.of(er)));
        PreAggregator.Reference ref = new PreAggregator.Reference(s, 0);
        long[] windows = {0};
        PreAggregator core = new PreAggregator(new PreAggregator.Settings(60_000, PreAggregator.Settings.NO_LATENESS, false,
                8, Long.MIN_VALUE, Long.MAX_VALUE), (model, windowStart) -> ref, List.of(EmbeddingFigures.factory()),
                w -> windows[0]++, d -> {}, "", io.modelwatch.io.Progress.none());
        // records re-stamped to wall-clock event time, so windows open and close as in a stream at this rate
        long start = System.currentTimeMillis(), sent = 0;
        try (HeapWatcher heap = new HeapWatcher()) {
            long last = start;
            while (System.currentTimeMillis() - start < seconds * 1000L) {
                long due = (System.currentTimeMillis() - start) * rate / 1000;
                while (sent < due) {
                    byte[] l = lines.get((int) (sent % lines.size()));
                    String line = new String(l, StandardCharsets.UTF_8).replaceFirst("\"ts\":\"[^\"]*\"",
                            "\"ts\":" + (start + sent * 1000 / rate));
                    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                    core.read(new RawLine("bench", sent + 1, bytes, bytes.length));
                    sent++;
                }
                core.watermark(System.currentTimeMillis() - 1);
                if (System.currentTimeMillis() - last >= 5000) {
                    last = System.currentTimeMillis();
                    System.out.printf("%4d s: %,d records, %d windows closed, peak live heap %.1f MB%n",
                            (last - start) / 1000, sent, windows[0], heap.peakLiveBytes() / 1e6);
                }
                Thread.sleep(5);
            }
            core.flushAll();
            System.out.printf("embedding dim %d at %d records/s for %d s: %,d records, %d windows; peak used heap %.1f MB,"
                            + " peak live heap %.1f MB%n", dim, rate, seconds, sent, windows[0], heap.peakUsedBytes() / 1e6,
                    heap.peakLiveBytes() / 1e6);
        }
    }
}
