package io.modelwatch.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes reference snapshots: one human-readable JSON file per model, {@code MODEL.snapshot.json}.
 *
 * <p>Counts, moments and the PSI deciles are plain JSON numbers. The long arrays (the quantile grid, the cell
 * counts and the sample) are base64 of little-endian float64/int64: 5000 features with a 1000-point grid and
 * a 10000-value sample stay a few hundred MB instead of gigabytes of decimal text, and load at memory speed.
 */
public final class SnapshotFiles {
    public static final String SUFFIX = ".snapshot.json";
    private static final JsonFactory FACTORY = new JsonFactory();

    private SnapshotFiles() {}

    /** The undated file name of a model's snapshot (schema 1 and 2); the model name is made safe for a file system. */
    public static String fileName(String model) {
        return safe(model) + SUFFIX;
    }

    /**
     * The file name of a dated snapshot (contract 2b): {@code MODEL[~SEGMENT]@VALIDFROM.snapshot.json}, valid_from
     * as {@code yyyyMMddTHHmmss[.SSS]Z} in UTC, so that the names of one model sort by valid_from and a snapshot
     * with another valid_from never overwrites this one.
     */
    public static String fileName(String model, String segment, long validFromMillis) {
        return safe(model) + (segment == null ? "" : "~" + safe(segment)) + '@' + compactInstant(validFromMillis) + SUFFIX;
    }

    /** The dated file name of this snapshot. */
    public static String fileName(Snapshot s) {
        return fileName(s.model, s.segment(), s.validFromMillis());
    }

    private static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        return sb.toString();
    }

    static String compactInstant(long millis) {
        java.time.ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(java.time.ZoneOffset.UTC);
        String base = String.format("%04d%02d%02dT%02d%02d%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        long ms = Math.floorMod(millis, 1000L);
        return (ms == 0 ? base : base + String.format(".%03d", ms)) + 'Z';
    }

    /** Writes the snapshot under its dated name ({@link #fileName(Snapshot)}), atomically. */
    public static Path write(Path dir, Snapshot s) throws IOException {
        return write(dir, s, fileName(s));
    }

    /** Writes the snapshot under the given file name in {@code dir}, atomically (a temporary file, then a move). */
    public static Path write(Path dir, Snapshot s, String name) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             JsonGenerator g = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeNumberField("schema_version", Snapshot.SCHEMA_VERSION);
            g.writeStringField("model", s.model);
            g.writeStringField("from", Instant.ofEpochMilli(s.fromMillis).toString());
            g.writeStringField("to", Instant.ofEpochMilli(s.toMillis).toString());
            g.writeNumberField("records", s.records);
            g.writeNumberField("grid", s.grid);
            g.writeNumberField("sample_limit", s.sampleLimit);
            writeDating(g, s);
            g.writeStringField("arrays", "base64 of little-endian float64 (quantiles, sample) and int64 (cell_counts: 2g-1 tie-exact cells of the inner grid edges)");
            g.writeObjectFieldStart("numeric");
            for (NumericReference f : s.numeric()) {
                g.writeObjectFieldStart(f.name);
                g.writeNumberField("count", f.count);
                g.writeNumberField("missing", f.missing);
                g.writeNumberField("invalid", f.invalid);
                writeDouble(g, "mean", f.mean);
                writeDouble(g, "std", f.std);
                writeDouble(g, "min", f.min);
                writeDouble(g, "max", f.max);
                if (f.quantiles.length > 1 && (f.quantiles.length - 1) % 10 == 0) {
                    g.writeArrayFieldStart("deciles");
                    int step = (f.quantiles.length - 1) / 10;
                    for (int i = 1; i < 10; i++) g.writeNumber(f.quantiles[i * step]);
                    g.writeEndArray();
                }
                // 0: quantiles and cells exact; else the quantile sketch's normalised rank error (contract 2b).
                g.writeNumberField("rank_error", f.rankError);
                g.writeStringField("quantiles", encode(f.quantiles));
                g.writeStringField("cell_counts", encode(f.cellCounts));
                g.writeNumberField("sample_size", f.sample.length);
                g.writeStringField("sample", encode(f.sample));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("categorical");
            for (CategoricalReference f : s.categorical()) {
                g.writeObjectFieldStart(f.name);
                g.writeNumberField("count", f.count);
                g.writeNumberField("missing", f.missing);
                g.writeNumberField("invalid", f.invalid);
                g.writeObjectFieldStart("categories");
                for (int i = 0; i < f.categories.length; i++) g.writeNumberField(f.categories[i], f.counts[i]);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
            if (s.calibration != null) {
                // optional: a snapshot without it (every one written before issue 13) still loads
                g.writeObjectFieldStart("calibration");
                g.writeNumberField("bins", io.modelwatch.performance.CalibrationMap.BINS);
                g.writeArrayFieldStart("share");
                for (int i = 0; i < io.modelwatch.performance.CalibrationMap.BINS; i++) g.writeNumber(s.calibration.value(i));
                g.writeEndArray();
                g.writeArrayFieldStart("counts");
                for (long c : s.calibration.counts()) g.writeNumber(c);
                g.writeEndArray();
                g.writeArrayFieldStart("positives");
                for (long c : s.calibration.positives()) g.writeNumber(c);
                g.writeEndArray();
                g.writeEndObject();
            }
            writeThresholds(g, s.thresholds());
            // optional: a snapshot without it (every one written before issue 17) still loads
            if (s.multivariate() != null) io.modelwatch.multivariate.MultivariateSnapshot.write(g, s.multivariate());
            g.writeEndObject();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Schema 3: valid_from, and the segment where the reference was built with --segment-by. */
    private static void writeDating(JsonGenerator g, Snapshot s) throws IOException {
        g.writeStringField("valid_from", Instant.ofEpochMilli(s.validFromMillis()).toString());
        if (s.segmentBy() != null) {
            g.writeStringField("segment_by", s.segmentBy());
            g.writeStringField("segment", s.segment());
        }
    }

    /**
     * Schema 3: the calibrated thresholds, per feature the number of chunks and per statistic the chunks' mean,
     * std and the threshold mean + 3 std (null where a statistic had too few finite chunk values).
     */
    private static void writeThresholds(JsonGenerator g, DriftThresholds t) throws IOException {
        if (t == null) return;
        g.writeObjectFieldStart("thresholds");
        g.writeNumberField("chunk_ms", t.chunkMillis);
        g.writeNumberField("min_count", t.minCount);
        g.writeStringField("rule", "threshold = mean + 3 std (ddof = 0) of the statistic over the reference's chunks"
                + " with at least min_count values, against the whole reference; none with fewer than 4 chunks");
        g.writeObjectFieldStart("features");
        for (DriftThresholds.Feature f : t.features().values()) {
            g.writeObjectFieldStart(f.name);
            g.writeStringField("kind", f.categorical ? "categorical" : "numeric");
            g.writeNumberField("chunks", f.chunks);
            List<String> names = f.statistics();
            for (int i = 0; i < names.size(); i++) {
                g.writeObjectFieldStart(names.get(i));
                writeDouble(g, "mean", f.mean[i]);
                writeDouble(g, "std", f.std[i]);
                writeDouble(g, "threshold", f.threshold[i]);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static DriftThresholds readThresholds(JsonParser p, Path file) throws IOException {
        long chunk = 0, minCount = 0;
        Map<String, DriftThresholds.Feature> features = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "chunk_ms": chunk = p.getLongValue(); break;
                case "min_count": minCount = p.getLongValue(); break;
                case "features":
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        features.put(name, readFeatureThresholds(p, name, file));
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new DriftThresholds(chunk, minCount, features);
    }

    private static DriftThresholds.Feature readFeatureThresholds(JsonParser p, String name, Path file) throws IOException {
        boolean categorical = false;
        int chunks = 0;
        Map<String, double[]> stats = new java.util.HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if (key.equals("kind")) {
                categorical = p.getText().equals("categorical");
            } else if (key.equals("chunks")) {
                chunks = p.getIntValue();
            } else if (t == JsonToken.START_OBJECT) {
                double[] v = {Double.NaN, Double.NaN, Double.NaN};
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken vt = p.nextToken();
                    int at = f.equals("mean") ? 0 : f.equals("std") ? 1 : f.equals("threshold") ? 2 : -1;
                    if (at >= 0) v[at] = number(p, vt);
                    else p.skipChildren();
                }
                stats.put(key, v);
            } else {
                p.skipChildren();
            }
        }
        List<String> names = DriftThresholds.statistics(categorical);
        double[] mean = new double[names.size()], std = new double[names.size()], thr = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            double[] v = stats.get(names.get(i));
            if (v == null) throw new IOException("snapshot " + file + ": thresholds of '" + name + "' lack " + names.get(i));
            mean[i] = v[0];
            std[i] = v[1];
            thr[i] = v[2];
        }
        return new DriftThresholds.Feature(name, categorical, chunks, mean, std, thr);
    }

    private static void writeDouble(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) g.writeNumberField(name, v);
        else g.writeNullField(name);
    }

    /** Reads one snapshot file, samples included; a file of another schema version is refused clearly. */
    public static Snapshot read(Path file) throws IOException {
        return read(file, true);
    }

    /**
     * Reads one snapshot file with Jackson's streaming parser: the base64 arrays are decoded straight to bytes,
     * and without {@code withSamples} (grid mode never uses them) the samples are skipped, not decoded.
     */
    public static Snapshot read(Path file, boolean withSamples) throws IOException {
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("snapshot " + file + " is not a JSON object");
            int version = -1;
            String model = null, from = null, to = null;
            long records = 0;
            int grid = 0, sampleLimit = 0;
            List<NumericReference> numeric = new ArrayList<>();
            List<CategoricalReference> categorical = new ArrayList<>();
            io.modelwatch.performance.CalibrationMap calibration = null;
            String validFrom = null, segmentBy = null, segment = null;
            DriftThresholds thresholds = null;
            io.modelwatch.multivariate.MultivariateSnapshot multivariate = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                switch (key) {
                    case "schema_version":
                        version = p.getIntValue();
                        if (!readable(version)) throw wrongVersion(file, version);
                        break;
                    case "model": model = p.getText(); break;
                    case "from": from = p.getText(); break;
                    case "to": to = p.getText(); break;
                    case "records": records = p.getLongValue(); break;
                    case "grid": grid = p.getIntValue(); break;
                    case "sample_limit": sampleLimit = p.getIntValue(); break;
                    case "numeric":
                        while (p.nextToken() == JsonToken.FIELD_NAME) numeric.add(readNumeric(p, p.currentName(), withSamples));
                        break;
                    case "categorical":
                        while (p.nextToken() == JsonToken.FIELD_NAME) categorical.add(readCategorical(p, p.currentName()));
                        break;
                    case "calibration":
                        calibration = readCalibration(p, file);
                        break;
                    case "valid_from": validFrom = p.getText(); break;
                    case "segment_by": segmentBy = p.getText(); break;
                    case "segment": segment = p.getText(); break;
                    case "thresholds":
                        thresholds = readThresholds(p, file);
                        break;
                    case io.modelwatch.multivariate.MultivariateSnapshot.SECTION:
                        multivariate = io.modelwatch.multivariate.MultivariateSnapshot.read(p);
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (!readable(version)) throw wrongVersion(file, version);
            if (model == null || from == null || to == null) throw new IOException("snapshot " + file + " lacks model/from/to");
            Snapshot s = new Snapshot(model, Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli(), records,
                    grid, sampleLimit, numeric, categorical, calibration).withMultivariate(multivariate);
            // schema 1 and 2: valid from the end of the range (the constructor's default), whole model, no thresholds
            if (validFrom != null) s = s.withValidFrom(Instant.parse(validFrom).toEpochMilli());
            if (segmentBy != null) s = s.withSegment(segmentBy, segment);
            if (thresholds != null) s = s.withThresholds(thresholds);
            return s;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("cannot read snapshot " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    private static io.modelwatch.performance.CalibrationMap readCalibration(JsonParser p, Path file) throws IOException {
        long[] counts = null, positives = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("counts") || key.equals("positives")) {
                List<Long> v = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) v.add(p.getLongValue());
                long[] a = v.stream().mapToLong(Long::longValue).toArray();
                if (key.equals("counts")) counts = a;
                else positives = a;
            } else {
                p.skipChildren();
            }
        }
        if (counts == null || positives == null || counts.length != io.modelwatch.performance.CalibrationMap.BINS
                || positives.length != io.modelwatch.performance.CalibrationMap.BINS) {
            throw new IOException("snapshot " + file + ": calibration needs counts and positives of "
                    + io.modelwatch.performance.CalibrationMap.BINS + " bins");
        }
        return new io.modelwatch.performance.CalibrationMap(counts, positives);
    }

    private static boolean readable(int version) {
        return version >= Snapshot.OLDEST_SCHEMA_VERSION && version <= Snapshot.SCHEMA_VERSION;
    }

    private static IOException wrongVersion(Path file, int version) {
        String found = version == -1 ? "no schema_version" : "schema_version " + version;
        return new IOException("snapshot " + file + " has " + found + ", this modelwatch reads "
                + Snapshot.OLDEST_SCHEMA_VERSION + " to " + Snapshot.SCHEMA_VERSION
                + "; rebuild it with `modelwatch reference`");
    }

    private static NumericReference readNumeric(JsonParser p, String name, boolean withSamples) throws IOException {
        p.nextToken(); // START_OBJECT
        long count = 0, missing = 0, invalid = 0;
        double mean = Double.NaN, std = Double.NaN, min = Double.NaN, max = Double.NaN, rankError = 0;
        double[] quantiles = new double[0], sample = new double[0];
        long[] cells = new long[0];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "count": count = p.getLongValue(); break;
                case "missing": missing = p.getLongValue(); break;
                case "invalid": invalid = p.getLongValue(); break;
                case "mean": mean = number(p, t); break;
                case "std": std = number(p, t); break;
                case "min": min = number(p, t); break;
                case "max": max = number(p, t); break;
                case "rank_error": rankError = p.getDoubleValue(); break;
                case "quantiles": quantiles = doubles(p.getBinaryValue()); break;
                case "cell_counts": cells = longs(p.getBinaryValue()); break;
                case "sample":
                    if (withSamples) sample = doubles(p.getBinaryValue());
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new NumericReference(name, count, missing, invalid, mean, std, min, max, quantiles, cells, sample,
                rankError);
    }

    private static CategoricalReference readCategorical(JsonParser p, String name) throws IOException {
        p.nextToken(); // START_OBJECT
        long count = 0, missing = 0, invalid = 0;
        TreeMap<String, Long> cats = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "count": count = p.getLongValue(); break;
                case "missing": missing = p.getLongValue(); break;
                case "invalid": invalid = p.getLongValue(); break;
                case "categories":
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String c = p.currentName();
                        p.nextToken();
                        cats.put(c, p.getLongValue());
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new CategoricalReference(name, count, missing, invalid, cats.keySet().toArray(new String[0]),
                cats.values().stream().mapToLong(Long::longValue).toArray());
    }

    private static double number(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? Double.NaN : p.getDoubleValue();
    }

    /**
     * The newest snapshot (greatest valid_from) of each model's whole traffic in a folder (or the one file given),
     * keyed by model; segment snapshots are left out. {@link #readSet} has them all.
     */
    public static Map<String, Snapshot> readAll(Path dirOrFile) throws IOException {
        return readAll(dirOrFile, true);
    }

    /** As {@link #readAll(Path)}; without {@code withSamples} the samples are skipped (grid mode). */
    public static Map<String, Snapshot> readAll(Path dirOrFile, boolean withSamples) throws IOException {
        Map<String, Snapshot> byModel = new TreeMap<>();
        for (Map.Entry<Path, Snapshot> e : readFiles(dirOrFile, withSamples).entrySet()) {
            Snapshot s = e.getValue();
            if (s.segment() != null) continue;
            Snapshot had = byModel.get(s.model);
            if (had == null || s.validFromMillis() >= had.validFromMillis()) byModel.put(s.model, s);
        }
        if (byModel.isEmpty()) throw new IOException("no *" + SUFFIX + " files of a whole model in " + dirOrFile);
        return byModel;
    }

    /** Every snapshot of a folder (or the one file given), each with its file, in file-name order. */
    public static Map<Path, Snapshot> readFiles(Path dirOrFile, boolean withSamples) throws IOException {
        Map<Path, Snapshot> all = new java.util.LinkedHashMap<>();
        if (Files.isRegularFile(dirOrFile)) {
            all.put(dirOrFile, read(dirOrFile, withSamples));
            return all;
        }
        if (!Files.isDirectory(dirOrFile)) throw new IOException("no snapshot folder or file at " + dirOrFile);
        try (var files = Files.list(dirOrFile)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.getFileName().toString().endsWith(SUFFIX)) all.put(p, read(p, withSamples));
            }
        }
        if (all.isEmpty()) throw new IOException("no *" + SUFFIX + " files in " + dirOrFile);
        return all;
    }

    /** The file of the newest whole-model snapshot of {@code model} in {@code dir} (greatest valid_from). */
    public static Path newestFile(Path dir, String model) throws IOException {
        Path best = null;
        long bestFrom = Long.MIN_VALUE;
        for (Map.Entry<Path, Snapshot> e : readFiles(dir, false).entrySet()) {
            Snapshot s = e.getValue();
            if (s.model.equals(model) && s.segment() == null && (best == null || s.validFromMillis() >= bestFrom)) {
                best = e.getKey();
                bestFrom = s.validFromMillis();
            }
        }
        if (best == null) throw new IOException("no snapshot of model '" + model + "' in " + dir);
        return best;
    }

    /** Every snapshot of a folder (or the one file given) as a {@link SnapshotSet}. */
    public static SnapshotSet readSet(Path dirOrFile, boolean withSamples) throws IOException {
        return new SnapshotSet(readFiles(dirOrFile, withSamples).values());
    }

    static String encode(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static String encode(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static double[] doubles(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    static long[] longs(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }
}
