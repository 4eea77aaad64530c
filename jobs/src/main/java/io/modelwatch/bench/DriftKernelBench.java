package io.modelwatch.bench;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.FeatureDriftCalculator;
import io.modelwatch.drift.GridHistogram;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift kernels of the stream's profile, in process on one thread, over real logs and their snapshot (bench
 * stream's work folder): <b>binning</b> (each value's tie-exact cell on its feature's reference grid,
 * {@code GridHistogram.cell}; and the whole fold of a record's numbers into a window's partial) and <b>scoring</b>
 * (a window's figures, {@code FeatureDriftCalculator.compute}, per feature and window). Each figure is the best of
 * the rounds, with a checksum of its results (cell indices; every figure's bits), so two builds are compared both
 * for speed and for giving the very same figures; and <b>shipping</b> (a window partial's bytes into the DataOutputView a
 * checkpoint or the shuffle writes to, whole and as 8 shards). No Flink job.
 *
 * <p>Run: {@code java -cp modelwatch-jobs.jar:... io.modelwatch.bench.DriftKernelBench SNAPSHOT_DIR LOG_FILE
 * [WINDOW_MINUTES [ROUNDS]]}, e.g. over {@code modelwatch-bench/1000x20000/{snapshots,current/predictions-000.jsonl}}.
 */
public final class DriftKernelBench {
    private DriftKernelBench() {}

    public static void main(String[] args) throws Exception {
        Snapshot snapshot = SnapshotFiles.readAll(Path.of(args[0])).values().iterator().next();
        Path file = Path.of(args[1]);
        long window = (args.length > 2 ? Long.parseLong(args[2]) : 5) * 60_000L;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;

        // Parse once: per record its window and its numbers in snapshot order (NaN where absent).
        int n = snapshot.numeric().size();
        List<double[]> rows = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        PredictionParser parser = new PredictionParser();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (parser.parse(line.getBytes(StandardCharsets.UTF_8)) != null) continue;
                PredictionRecord rec = parser.record();
                double[] row = new double[n];
                java.util.Arrays.fill(row, Double.NaN);
                for (int k = 0; k < rec.featureCount; k++) {
                    int i = snapshot.numericIndex(rec.featureNames[k]);
                    if (i >= 0 && rec.featureKinds[k] == PredictionRecord.NUMBER) row[i] = rec.featureNumbers[k];
                }
                rows.add(row);
                starts.add(Math.floorDiv(rec.tsMillis, window) * window);
            }
        }
        // Per feature, all its values, for the cell search alone.
        double[][] byFeature = new double[n][];
        double[][] edges = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] v = new double[rows.size()];
            int m = 0;
            for (double[] row : rows) if (Double.isFinite(row[i])) v[m++] = row[i];
            byFeature[i] = java.util.Arrays.copyOf(v, m);
            edges[i] = snapshot.numeric(i).innerEdges();
        }
        long values = 0;
        for (double[] v : byFeature) values += v.length;
        System.out.printf("%d records, %d numeric features, %,d values, grid %d, windows of %d min%n", rows.size(), n,
                values, snapshot.grid, window / 60_000);

        io.modelwatch.drift.CellIndex[] index = new io.modelwatch.drift.CellIndex[n];
        for (int i = 0; i < n; i++) index[i] = snapshot.numeric(i).cellIndex();
        for (int i = 0; i < n; i++) {
            for (double x : byFeature[i]) {
                if (index[i].cell(x) != GridHistogram.cell(edges[i], x)) {
                    throw new IllegalStateException("CellIndex differs from GridHistogram.cell at feature " + i + ", value " + x);
                }
            }
        }
        double bestCell = Double.MAX_VALUE, bestIndexed = Double.MAX_VALUE, bestFold = Double.MAX_VALUE, bestScore = Double.MAX_VALUE;
        long cellSum = 0, scoreSum = 0, featureWindows = 0;
        DriftSettings settings = DriftSettings.defaults();
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            long sum = 0;
            for (int i = 0; i < n; i++) {
                double[] e = edges[i], v = byFeature[i];
                for (double x : v) sum += GridHistogram.cell(e, x);
            }
            bestCell = Math.min(bestCell, (System.nanoTime() - t0) / 1e9);
            cellSum = sum;

            t0 = System.nanoTime();
            sum = 0;
            for (int i = 0; i < n; i++) {
                io.modelwatch.drift.CellIndex e = index[i];
                for (double x : byFeature[i]) sum += e.cell(x);
            }
            bestIndexed = Math.min(bestIndexed, (System.nanoTime() - t0) / 1e9);
            if (sum != cellSum) throw new IllegalStateException("indexed cells differ");

            t0 = System.nanoTime();
            List<DriftPartial> windows = new ArrayList<>();
            DriftPartial p = null;
            for (int k = 0; k < rows.size(); k++) {
                long s = starts.get(k);
                if (p == null || p.windowStart() != s) {
                    p = DriftPartial.forWindow(snapshot, s, s + window, false);
                    windows.add(p);
                }
                p.updateRecord();
                double[] row = rows.get(k);
                for (int i = 0; i < n; i++) {
                    if (!Double.isNaN(row[i])) p.updateNumeric(i, PredictionRecord.NUMBER, row[i]);
                }
            }
            for (DriftPartial w : windows) w.merge(DriftPartial.forWindow(snapshot, w.windowStart(), w.windowEnd(), false));
            bestFold = Math.min(bestFold, (System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            long h = 0, fw = 0;
            for (DriftPartial w : windows) {
                for (FeatureDrift f : FeatureDriftCalculator.compute(w, snapshot, settings)) {
                    h = mix(h, f.count, f.missing, f.invalid, f.outOfRange);
                    h = mix(h, bits(f.psi), bits(f.ksStat), bits(f.ksPvalue), bits(f.wasserstein));
                    h = mix(h, bits(f.meanShift), bits(f.stdShift), bits(f.mean), bits(f.std));
                    fw++;
                }
            }
            bestScore = Math.min(bestScore, (System.nanoTime() - t0) / 1e9);
            scoreSum = h;
            featureWindows = fw;
        }
        System.out.printf("binning, cell search alone: %.1f ns per value (best of %d), checksum %d%n",
                1e9 * bestCell / values, rounds, cellSum);
        System.out.printf("binning, cell search with the lookup table (CellIndex): %.1f ns per value, the same cells%n",
                1e9 * bestIndexed / values);
        System.out.printf("binning, fold into window partials (updateNumeric, batches, moments): %.1f ns per value%n",
                1e9 * bestFold / values);
        // shipping: each window partial's bytes, as a checkpoint or the shuffle writes a pane (whole, then 8 shards)
        double bestShip = Double.MAX_VALUE;
        long shipBytes = 0;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        List<DriftPartial> windows = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            long s = starts.get(k);
            if (windows.isEmpty() || windows.get(windows.size() - 1).windowStart() != s) {
                windows.add(DriftPartial.forWindow(snapshot, s, s + window, false));
            }
            DriftPartial w = windows.get(windows.size() - 1);
            w.updateRecord();
            double[] row = rows.get(k);
            for (int i = 0; i < n; i++) if (!Double.isNaN(row[i])) w.updateNumeric(i, PredictionRecord.NUMBER, row[i]);
        }
        org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(1 << 20);
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            long bytes = 0;
            crc.reset();
            for (DriftPartial w : windows) {
                out.clear();
                w.writeTo(out);
                for (int s = 0; s < 8; s++) w.writeShardTo(out, 8, s);
                bytes += out.length();
                crc.update(out.getSharedBuffer(), 0, out.length());
            }
            bestShip = Math.min(bestShip, (System.nanoTime() - t0) / 1e9);
            shipBytes = bytes;
        }
        System.out.printf("shipping: %.2f ms per window partial written whole and as 8 shards (%,d bytes in all, crc %08x)%n",
                1e3 * bestShip / windows.size(), shipBytes, crc.getValue());
        System.out.printf("scoring: %.1f us per feature and window (%d of them), checksum %016x%n",
                1e6 * bestScore / featureWindows, featureWindows, scoreSum);
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    private static long mix(long h, long a, long b, long c, long d) {
        h = h * 0x9E3779B97F4A7C15L + a;
        h = h * 0x9E3779B97F4A7C15L + b;
        h = h * 0x9E3779B97F4A7C15L + c;
        return h * 0x9E3779B97F4A7C15L + d;
    }
}
