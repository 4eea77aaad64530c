package io.modelwatch.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.Iterator;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    private SnapshotFiles() {}

    /** The file name of a model's snapshot; the model name is made safe for a file system. */
    public static String fileName(String model) {
        StringBuilder sb = new StringBuilder();
        for (char c : model.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        return sb + SUFFIX;
    }

    public static Path write(Path dir, Snapshot s) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName(s.model));
        Path tmp = dir.resolve(fileName(s.model) + ".tmp");
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
            g.writeEndObject();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static void writeDouble(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) g.writeNumberField(name, v);
        else g.writeNullField(name);
    }

    /** Reads one snapshot file; a file of another schema version is refused with a clear message. */
    public static Snapshot read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read snapshot " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException("snapshot " + file + " is not a JSON object");
        JsonNode versionNode = root.get("schema_version");
        int version = versionNode == null ? -1 : versionNode.asInt(-1);
        if (version != Snapshot.SCHEMA_VERSION) {
            String found = versionNode == null ? "no schema_version" : "schema_version " + versionNode;
            throw new IOException("snapshot " + file + " has " + found + ", this modelwatch reads "
                    + Snapshot.SCHEMA_VERSION + "; rebuild it with `modelwatch reference`");
        }
        List<NumericReference> numeric = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("numeric").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode f = e.getValue();
            numeric.add(new NumericReference(e.getKey(), f.path("count").asLong(), f.path("missing").asLong(),
                    f.path("invalid").asLong(), num(f, "mean"), num(f, "std"), num(f, "min"), num(f, "max"),
                    decodeDoubles(f.path("quantiles").asText()), decodeLongs(f.path("cell_counts").asText()),
                    decodeDoubles(f.path("sample").asText())));
        }
        List<CategoricalReference> categorical = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("categorical").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode f = e.getValue();
            TreeMap<String, Long> cats = new TreeMap<>();
            f.path("categories").fields().forEachRemaining(c -> cats.put(c.getKey(), c.getValue().asLong()));
            categorical.add(new CategoricalReference(e.getKey(), f.path("count").asLong(), f.path("missing").asLong(),
                    f.path("invalid").asLong(), cats.keySet().toArray(new String[0]),
                    cats.values().stream().mapToLong(Long::longValue).toArray()));
        }
        return new Snapshot(root.path("model").asText(), Instant.parse(root.path("from").asText()).toEpochMilli(),
                Instant.parse(root.path("to").asText()).toEpochMilli(), root.path("records").asLong(),
                root.path("grid").asInt(), root.path("sample_limit").asInt(), numeric, categorical);
    }

    /** All snapshots in a folder (or the one file given), keyed by model. */
    public static Map<String, Snapshot> readAll(Path dirOrFile) throws IOException {
        Map<String, Snapshot> byModel = new TreeMap<>();
        if (Files.isRegularFile(dirOrFile)) {
            Snapshot s = read(dirOrFile);
            byModel.put(s.model, s);
            return byModel;
        }
        if (!Files.isDirectory(dirOrFile)) throw new IOException("no snapshot folder or file at " + dirOrFile);
        try (var files = Files.list(dirOrFile)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.getFileName().toString().endsWith(SUFFIX)) {
                    Snapshot s = read(p);
                    byModel.put(s.model, s);
                }
            }
        }
        if (byModel.isEmpty()) throw new IOException("no *" + SUFFIX + " files in " + dirOrFile);
        return byModel;
    }

    private static double num(JsonNode f, String key) {
        JsonNode n = f.get(key);
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
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

    static double[] decodeDoubles(String s) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    static long[] decodeLongs(String s) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }
}
