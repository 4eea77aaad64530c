package io.modelwatch.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;

/**
 * Synthetic prediction logs (contract section 1) for demos, tests and benchmarks: numeric features drawn from
 * fixed normal distributions, categorical string and boolean features, serving fields, and, on request, drift
 * on chosen features from a chosen time and a share of bad lines. Deterministic for a seed and file count.
 *
 * <p>Numeric feature i is Normal(mu_i, sigma_i) with mu_i = 10 * (i % 7) and sigma_i = 1 + (i % 3); a drifted
 * numeric feature moves its mean by {@code driftShift} sigmas and scales its spread by {@code driftScale}; with
 * {@code dailyCycle} every numeric mean also follows the time of day (A sigma sin(2 pi t / 1 day)).
 * A drifted categorical feature moves {@code min(0.9, 0.3 * driftShift)} of its mass to a category the
 * reference never saw ("new"). Each file holds a contiguous time slice, in time order.
 */
public final class LogGenerator {

    /** What to generate. */
    public static final class Config {
        public List<String> models = List.of("model-a");
        public int numericFeatures = 20;
        public int categoricalFeatures = 4;
        public long eventsPerModel = 10_000;
        public Instant from = Instant.parse("2026-11-24T00:00:00Z");
        public Instant to = Instant.parse("2026-11-25T00:00:00Z");
        public Set<String> driftFeatures = Set.of();
        public double driftShift = 1.0;
        public double driftScale = 1.0;
        /**
         * Amplitude, in sigmas, of a daily cycle of every numeric feature's mean: mu + A sigma sin(2 pi hour / 24),
         * hour the UTC time of day; real features move with the hour (issue 15), 0 keeps them still.
         */
        public double dailyCycle;
        public Instant driftFrom;
        /**
         * When positive, every record carries the categorical feature {@link #SEGMENT} (seg_00 .. , uniform), segment
         * k with every numeric mean moved by k x {@code segmentSpread} sigmas; drift happens only in
         * {@code driftSegment} when that is set (contract 2b, segments).
         */
        public int segments;
        public double segmentSpread = 0.25;
        public String driftSegment;
        public double missingRate = 0.01;
        public double errorRate = 0.01;
        public double badLineRate = 0;
        public int files = 1;
        public boolean gzip;
        public long seed = 42;
        /** Where label files go (section 1b), or null for none. */
        public Path labelsDir;
        /** Mean of the exponential delay from a prediction to its label. */
        public long labelDelayMeanMs = 600_000;
        /** Share of good predictions that get a label. */
        public double labelRate = 0.9;
        /** From this prediction time on, labels disagree with the model far more often (concept drift). */
        public Instant conceptDriftFrom;
        /**
         * When set, num_000 and num_001 are correlated (rho = +0.9 before this time, -0.9 from it on) with
         * their marginals unchanged: drift only a multivariate check sees (contract 3d).
         */
        public Instant correlationFlipFrom;
        /** When positive, every record carries the embedding feature {@link #EMBEDDING} of this many numbers. */
        public int embeddingDim;
        /** The embedding's elements move by this (their sigma is 1) from {@link #embeddingShiftFrom} on. */
        public double embeddingShift;
        public Instant embeddingShiftFrom;
    }

    /** The generated segment feature's name. */
    public static final String SEGMENT = "segment";

    public static String segmentName(int k) {
        return String.format("seg_%02d", k);
    }

    /** The generated embedding feature's name. */
    public static final String EMBEDDING = "embedding";
    /** |rho| of the correlated pair of {@link Config#correlationFlipFrom}. */
    public static final double FLIP_RHO = 0.9;

    /**
     * A label agrees with the model's decision (score >= 0.5) with this probability before the concept drift,
     * and {@link #DRIFTED_AGREEMENT} after it, while the inputs keep their distribution: accuracy falls from
     * about 0.92 to about 0.65 with no feature drift.
     */
    public static final double AGREEMENT = 0.92, DRIFTED_AGREEMENT = 0.65;
    private static final long DAY_MS = 86_400_000L;

    private static final String[] CATEGORIES = {"alpha", "beta", "gamma", "delta", "epsilon"};
    private static final double[] CATEGORY_WEIGHTS = {0.4, 0.25, 0.15, 0.12, 0.08};

    private LogGenerator() {}

    public static String numericName(int i) {
        return String.format("num_%03d", i);
    }

    public static String categoricalName(int i) {
        return i % 2 == 0 ? String.format("cat_%02d", i) : String.format("flag_%02d", i);
    }

    /** Writes the files and returns them; {@code progress} receives lines written so far (may be called often). */
    public static List<Path> generate(Config c, Path dir, LongConsumer progress) throws IOException {
        Files.createDirectories(dir);
        List<Path> paths = new ArrayList<>();
        for (int f = 0; f < c.files; f++) {
            paths.add(dir.resolve(String.format("predictions-%03d.jsonl%s", f, c.gzip ? ".gz" : "")));
        }
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(c.files, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int f = 0; f < c.files; f++) {
                final int file = f;
                futures.add(pool.submit(() -> {
                    writeFile(c, file, paths.get(file), written, progress);
                    return null;
                }));
            }
            for (Future<?> fu : futures) fu.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return paths;
    }

    private static void writeFile(Config c, int file, Path path, AtomicLong written, LongConsumer progress)
            throws IOException {
        long fromMs = c.from.toEpochMilli();
        long span = c.to.toEpochMilli() - fromMs;
        long driftFromMs = c.driftFrom == null ? Long.MIN_VALUE : c.driftFrom.toEpochMilli();
        long perFile = c.eventsPerModel / c.files + (file < c.eventsPerModel % c.files ? 1 : 0);
        long firstEvent = file * (c.eventsPerModel / c.files) + Math.min(file, c.eventsPerModel % c.files);
        SplittableRandom rnd = new SplittableRandom(c.seed * 1_000_003L + file);
        boolean[] numDrift = new boolean[c.numericFeatures];
        boolean[] catDrift = new boolean[c.categoricalFeatures];
        for (int i = 0; i < numDrift.length; i++) numDrift[i] = c.driftFeatures.contains(numericName(i));
        for (int i = 0; i < catDrift.length; i++) catDrift[i] = c.driftFeatures.contains(categoricalName(i));
        byte[][] numKeys = new byte[c.numericFeatures][];
        byte[][] catKeys = new byte[c.categoricalFeatures][];
        for (int i = 0; i < numKeys.length; i++) numKeys[i] = ('"' + numericName(i) + "\":").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < catKeys.length; i++) catKeys[i] = ('"' + categoricalName(i) + "\":").getBytes(StandardCharsets.UTF_8);

        OutputStream raw = Files.newOutputStream(path);
        LabelWriter labels = c.labelsDir == null ? null : new LabelWriter(c, file);
        try (OutputStream out = new BufferedOutputStream(c.gzip ? new GZIPOutputStream(raw, 1 << 16) : raw, 1 << 20);
             LabelWriter l = labels) {
            ByteBuilder b = new ByteBuilder(64 + c.numericFeatures * 24 + c.categoricalFeatures * 24);
            long local = 0;
            for (long e = 0; e < perFile; e++) {
                long event = firstEvent + e;
                long ts = fromMs + (long) ((event + 0.5) * span / (double) c.eventsPerModel);
                boolean drifting = c.driftFrom == null || ts >= driftFromMs;
                for (String model : c.models) {
                    b.reset();
                    if (c.badLineRate > 0 && rnd.nextDouble() < c.badLineRate) {
                        badLine(b, rnd, ts, model);
                    } else {
                        double score = goodLine(b, c, rnd, ts, model, event, drifting, numDrift, catDrift, numKeys, catKeys);
                        if (labels != null) labels.label(ts, model, event, score);
                    }
                    b.append('\n');
                    out.write(b.bytes(), 0, b.length());
                    if (++local % 4096 == 0) progress.accept(written.addAndGet(4096));
                }
            }
            progress.accept(written.addAndGet(local % 4096));
        }
    }

    private static double goodLine(ByteBuilder b, Config c, SplittableRandom rnd, long ts, String model, long event,
                                 boolean drifting, boolean[] numDrift, boolean[] catDrift, byte[][] numKeys,
                                 byte[][] catKeys) {
        b.append("{\"ts\":\"").append(Instant.ofEpochMilli(ts).toString()).append("\",\"model\":\"").append(model)
                .append("\",\"model_version\":\"v1\",\"request_id\":\"r").append(event).append('"');
        double u = rnd.nextDouble();
        String status = u < c.errorRate ? "error" : u < c.errorRate * 1.5 ? "timeout" : u < c.errorRate * 2 ? "fallback" : "ok";
        double latency = Math.exp(4 + 0.5 * rnd.nextGaussian() + (status.equals("timeout") ? 3 : 0));
        b.append(",\"latency_ms\":").appendFixed(latency, 3);
        b.append(",\"ttft_ms\":").appendFixed(latency * 0.2, 3);
        b.append(",\"status\":\"").append(status).append('"');
        b.append(",\"retries\":").append(rnd.nextDouble() < 0.05 ? 1 : 0);
        b.append(",\"input_length\":").append(20 + rnd.nextInt(200));
        b.append(",\"output_length\":").append(10 + rnd.nextInt(100));
        double score = 1 / (1 + Math.exp(-rnd.nextGaussian()));
        b.append(",\"prediction\":").appendFixed(score, 6);
        b.append(",\"confidence\":").appendFixed(0.5 + 0.5 * Math.abs(score - 0.5) * 2, 6);
        b.append(",\"features\":{");
        // drawn only with segments, so logs without them are the same as before
        int segment = c.segments > 0 ? rnd.nextInt(c.segments) : -1;
        if (segment >= 0 && c.driftSegment != null && !c.driftSegment.equals(segmentName(segment))) drifting = false;
        double z0 = 0;
        double rho = c.correlationFlipFrom == null ? 0 : ts >= c.correlationFlipFrom.toEpochMilli() ? -FLIP_RHO : FLIP_RHO;
        for (int i = 0; i < numKeys.length; i++) {
            if (i > 0) b.append(',');
            b.append(numKeys[i]);
            if (rnd.nextDouble() < c.missingRate) {
                b.append("null");
                continue;
            }
            double mu = 10 * (i % 7), sigma = 1 + (i % 3);
            if (c.dailyCycle != 0) mu += c.dailyCycle * sigma * Math.sin(2 * Math.PI * Math.floorMod(ts, DAY_MS) / DAY_MS);
            if (segment > 0) mu += segment * c.segmentSpread * sigma;
            double z = rnd.nextGaussian();
            if (i == 0) z0 = z;
            if (i == 1 && rho != 0) z = rho * z0 + Math.sqrt(1 - rho * rho) * z; // still N(0, 1)
            double v = drifting && numDrift[i] ? mu + c.driftShift * sigma + z * sigma * c.driftScale : mu + z * sigma;
            b.appendFixed(v, 6);
        }
        for (int i = 0; i < catKeys.length; i++) {
            if (numKeys.length > 0 || i > 0) b.append(',');
            b.append(catKeys[i]);
            if (rnd.nextDouble() < c.missingRate) {
                b.append("null");
            } else if (i % 2 == 1) {
                double pTrue = drifting && catDrift[i] ? Math.min(0.95, 0.3 + 0.3 * c.driftShift) : 0.3;
                b.append(rnd.nextDouble() < pTrue ? "true" : "false");
            } else {
                b.append('"').append(category(rnd, drifting && catDrift[i] ? c.driftShift : 0)).append('"');
            }
        }
        if (segment >= 0) {
            if (numKeys.length + catKeys.length > 0) b.append(',');
            b.append('"').append(SEGMENT).append("\":\"").append(segmentName(segment)).append('"');
        }
        if (c.embeddingDim > 0) {
            if (numKeys.length + catKeys.length + (segment >= 0 ? 1 : 0) > 0) b.append(',');
            b.append('"').append(EMBEDDING).append("\":[");
            double shift = c.embeddingShiftFrom != null && ts >= c.embeddingShiftFrom.toEpochMilli() ? c.embeddingShift : 0;
            for (int i = 0; i < c.embeddingDim; i++) {
                if (i > 0) b.append(',');
                b.appendFixed(Math.sin(i) + shift + rnd.nextGaussian(), 4);
            }
            b.append(']');
        }
        b.append("}}");
        return score;
    }

    private static String category(SplittableRandom rnd, double drift) {
        if (drift > 0 && rnd.nextDouble() < Math.min(0.9, 0.3 * drift)) return "new";
        double u = rnd.nextDouble(), acc = 0;
        for (int k = 0; k < CATEGORIES.length; k++) {
            acc += CATEGORY_WEIGHTS[k];
            if (u < acc) return CATEGORIES[k];
        }
        return CATEGORIES[CATEGORIES.length - 1];
    }

    private static void badLine(ByteBuilder b, SplittableRandom rnd, long ts, String model) {
        switch (rnd.nextInt(5)) {
            case 0: b.append("{\"ts\":\"").append(Instant.ofEpochMilli(ts).toString()).append("\",\"model\":\"").append(model).append("\",\"features\":{\"num_000\":1.5"); break;
            case 1: b.append("[1,2,3]"); break;
            case 2: b.append("{\"model\":\"").append(model).append("\",\"features\":{}}"); break;
            case 3: b.append("{\"ts\":\"yesterday at noon\",\"model\":\"").append(model).append("\"}"); break;
            default: b.append("not json at all");
        }
    }

    /**
     * Writes the labels of one prediction file to labels-NNN.jsonl[.gz] under {@link Config#labelsDir}, in
     * label time order: a label is held in a queue until the predictions have passed its time (a label is
     * never earlier than its prediction), so the queue holds about rate x mean delay labels, not the file.
     * Its own random stream: the predictions are the same with or without labels.
     */
    private static final class LabelWriter implements AutoCloseable {
        private final Config c;
        private final SplittableRandom rnd;
        private final OutputStream out;
        private final java.util.PriorityQueue<long[]> pending =
                new java.util.PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        private final List<String> models;
        private final long conceptDriftFromMs;
        private final ByteBuilder b = new ByteBuilder(160);

        LabelWriter(Config c, int file) throws IOException {
            this.c = c;
            this.rnd = new SplittableRandom(c.seed * 7_777_777L + file + 1);
            this.models = c.models;
            this.conceptDriftFromMs = c.conceptDriftFrom == null ? Long.MAX_VALUE : c.conceptDriftFrom.toEpochMilli();
            Files.createDirectories(c.labelsDir);
            Path path = c.labelsDir.resolve(String.format("labels-%03d.jsonl%s", file, c.gzip ? ".gz" : ""));
            OutputStream raw = Files.newOutputStream(path);
            out = new BufferedOutputStream(c.gzip ? new GZIPOutputStream(raw, 1 << 16) : raw, 1 << 20);
        }

        void label(long ts, String model, long event, double score) throws IOException {
            flushUpTo(ts);
            if (rnd.nextDouble() >= c.labelRate) return;
            double agreement = ts >= conceptDriftFromMs ? DRIFTED_AGREEMENT : AGREEMENT;
            boolean decision = score >= 0.5;
            boolean label = rnd.nextDouble() < agreement ? decision : !decision;
            long delay = (long) (-Math.log(1 - rnd.nextDouble()) * c.labelDelayMeanMs);
            pending.add(new long[] {ts + delay, event, models.indexOf(model), label ? 1 : 0});
        }

        private void flushUpTo(long ts) throws IOException {
            while (!pending.isEmpty() && pending.peek()[0] <= ts) write(pending.poll());
        }

        private void write(long[] l) throws IOException {
            b.reset();
            boolean positive = l[3] == 1;
            b.append("{\"ts\":\"").append(Instant.ofEpochMilli(l[0]).toString()).append("\",\"model\":\"")
                    .append(models.get((int) l[2])).append("\",\"request_id\":\"r").append(l[1])
                    .append("\",\"label\":").append(positive ? 1 : 0)
                    .append(",\"outcomes\":{\"converted\":").append(positive && rnd.nextDouble() < 0.5 ? 1 : 0)
                    .append("}}\n");
            out.write(b.bytes(), 0, b.length());
        }

        @Override
        public void close() throws IOException {
            flushUpTo(Long.MAX_VALUE);
            out.close();
        }
    }

    /** A growable byte buffer with just the appends the generator needs (ASCII only). */
    static final class ByteBuilder {
        private byte[] buf;
        private int len;

        ByteBuilder(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            len = 0;
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return len;
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }

        ByteBuilder append(char c) {
            ensure(1);
            buf[len++] = (byte) c;
            return this;
        }

        ByteBuilder append(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) buf[len++] = (byte) s.charAt(i);
            return this;
        }

        ByteBuilder append(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, len, bytes.length);
            len += bytes.length;
            return this;
        }

        ByteBuilder append(long v) {
            return append(Long.toString(v));
        }

        /** v with exactly {@code decimals} digits after the point, without Double.toString's cost. */
        ByteBuilder appendFixed(double v, int decimals) {
            long scale = 1;
            for (int i = 0; i < decimals; i++) scale *= 10;
            long scaled = Math.round(Math.abs(v) * scale);
            ensure(24 + decimals);
            if (v < 0 && scaled != 0) buf[len++] = '-';
            append(scaled / scale);
            buf[len++] = '.';
            long frac = scaled % scale;
            for (long div = scale / 10; div > 0; div /= 10) {
                buf[len++] = (byte) ('0' + (frac / div) % 10);
            }
            return this;
        }
    }
}
