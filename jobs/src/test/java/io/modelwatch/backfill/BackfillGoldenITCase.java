package io.modelwatch.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end on the embedded MiniCluster: {@code reference} then {@code backfill} (exact and grid KS) through
 * {@link Main#execute}, on the inputs that tools/golden/backfill_golden.py wrote, against the values it computed
 * with numpy/scipy from the contract (jobs/src/test/resources/golden/{shift,edge}/expected.json).
 *
 * <p>Case {@code shift}: a normal reference vs shifted / scaled windows, 5 numeric input features (BH across
 * them), a categorical feature, numeric {@code __prediction}/{@code __confidence}, nulls, serving figures; the
 * input is two files so the windows' partials from two subtasks are merged. Case {@code edge}: values beyond the
 * reference range, a constant feature (unchanged, then changed), a feature missing from a whole window, an
 * all-null window, unseen categories, booleans, below --min-count, tied integers, hostile names, a categorical
 * {@code __prediction}, wrong types and NaN/Infinity literals.
 *
 * <p>Tolerances: exact KS D 1e-9; p- and q-values 1e-6 relative; psi, mean/std shift, wasserstein, mean, std,
 * rates 1e-9 (relative where larger than 1); chi-square 1e-6 relative; grid KS within 1/G + 1/n_ref of the exact
 * D; serving percentiles 1 % (HdrHistogram), other serving figures 1e-9 relative.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillGoldenITCase {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int G = 1000;
    static final Set<String> META = Set.of("model", "feature", "kind", "window_end_ns");
    /**
     * Contract 2b's fields, not scipy's: the snapshot's name (checked here against the snapshot) and the calibrated
     * alert (BackfillDatedSnapshotsITCase, ReferenceCalibrationITCase, DailyCycleCalibrationITCase).
     */
    static final Set<String> LIFECYCLE = Set.of("reference", "drift_alert", "drift_alert_by");

    @TempDir static Path tmp;

    final Map<String, Run> runs = new HashMap<>();

    /** One case: its expectations and what its reference and backfill runs wrote. */
    static final class Run {
        JsonNode expected;
        Path snapshots;
        Path exactOut, gridOut, exactDeadLetters, gridDeadLetters;
        List<Line> exact, grid;
        Map<String, Snapshot> snapshot;
    }

    @BeforeAll
    void runJobs() throws Exception {
        for (String name : List.of("shift", "edge")) {
            Path dir = resource("/golden/" + name);
            Run r = new Run();
            r.expected = JSON.readTree(dir.resolve("expected.json").toFile());
            Path work = Files.createDirectories(tmp.resolve(name));
            r.snapshots = work.resolve("snapshots");
            assertEquals(0, Main.execute("reference", "--input", dir.resolve("reference").toString(),
                    "--output", r.snapshots.toString()), "reference exit status");
            r.snapshot = SnapshotFiles.readAll(r.snapshots);
            r.exactOut = work.resolve("exact.lp");
            r.gridOut = work.resolve("grid.lp");
            r.exactDeadLetters = work.resolve("exact-dead.jsonl");
            r.gridDeadLetters = work.resolve("grid-dead.jsonl");
            for (String ks : List.of("exact", "grid")) {
                Path out = ks.equals("exact") ? r.exactOut : r.gridOut;
                Path dl = ks.equals("exact") ? r.exactDeadLetters : r.gridDeadLetters;
                int status = Main.execute("backfill", "--input", dir.resolve("current").toString(),
                        "--reference", r.snapshots.toString(),
                        "--from", r.expected.get("from").asText(), "--to", r.expected.get("to").asText(),
                        "--window", r.expected.get("window").asText(), "--ks", ks, "--parallelism", "2",
                        "--sink", "file:" + out, "--dead-letter", dl.toString());
                assertEquals(0, status, "backfill --ks " + ks + " exit status");
            }
            r.exact = LineProtocolReader.read(r.exactOut);
            r.grid = LineProtocolReader.read(r.gridOut);
            runs.put(name, r);
        }
    }

    // ------------------------------------------------------------------------------------------ snapshot

    @ParameterizedTest
    @ValueSource(strings = {"shift", "edge"})
    void snapshotMatchesNumpy(String name) {
        Run r = runs.get(name);
        Iterator<Map.Entry<String, JsonNode>> models = r.expected.get("snapshots").fields();
        while (models.hasNext()) {
            Map.Entry<String, JsonNode> m = models.next();
            Snapshot s = r.snapshot.get(m.getKey());
            assertThat(s).as("snapshot of model %s", m.getKey()).isNotNull();
            JsonNode e = m.getValue();
            assertThat(s.records).isEqualTo(e.get("records").asLong());
            assertThat(s.grid).isEqualTo(G);
            Set<String> numeric = names(e.get("numeric"));
            Set<String> categorical = names(e.get("categorical"));
            Set<String> gotNumeric = s.numeric().stream().map(x -> x.name).collect(Collectors.toCollection(TreeSet::new));
            Set<String> gotCategorical = s.categorical().stream().map(x -> x.name).collect(Collectors.toCollection(TreeSet::new));
            assertThat(gotNumeric).as("numeric features").isEqualTo(numeric);
            assertThat(gotCategorical).as("categorical features").isEqualTo(categorical);
            for (String f : numeric) {
                JsonNode n = e.get("numeric").get(f);
                NumericReference ref = s.numeric(s.numericIndex(f));
                String what = m.getKey() + "/" + f;
                assertThat(ref.count).as(what + " count").isEqualTo(n.get("count").asLong());
                assertThat(ref.missing).as(what + " missing").isEqualTo(n.get("missing").asLong());
                assertThat(ref.invalid).as(what + " invalid").isEqualTo(n.get("invalid").asLong());
                close(what + " mean", ref.mean, n.get("mean").asDouble(), 1e-12);
                close(what + " std", ref.std, n.get("std").asDouble(), 1e-12);
                assertThat(ref.min).as(what + " min").isEqualTo(n.get("min").asDouble());
                assertThat(ref.max).as(what + " max").isEqualTo(n.get("max").asDouble());
                JsonNode grid = n.get("grid_every_10");
                assertThat(ref.quantiles).hasSize(G + 1);
                for (int i = 0; i < grid.size(); i++) {
                    close(what + " quantile p=" + (10 * i) + "/1000", ref.quantiles[10 * i], grid.get(i).asDouble(), 1e-12);
                }
                assertThat(ref.sampleIsWholeReference()).as(what + " sample is the whole reference").isTrue();
            }
            for (String f : categorical) {
                JsonNode c = e.get("categorical").get(f);
                CategoricalReference ref = s.categorical(s.categoricalIndex(f));
                String what = m.getKey() + "/" + f;
                assertThat(ref.count).as(what + " count").isEqualTo(c.get("count").asLong());
                assertThat(ref.missing).as(what + " missing").isEqualTo(c.get("missing").asLong());
                assertThat(ref.invalid).as(what + " invalid").isEqualTo(c.get("invalid").asLong());
                Map<String, Long> counts = new HashMap<>();
                for (int i = 0; i < ref.categories.length; i++) counts.put(ref.categories[i], ref.counts[i]);
                Map<String, Long> want = new HashMap<>();
                c.get("categories").fields().forEachRemaining(x -> want.put(x.getKey(), x.getValue().asLong()));
                assertThat(counts).as(what + " categories").isEqualTo(want);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ feature_drift

    @ParameterizedTest
    @ValueSource(strings = {"shift", "edge"})
    void exactFeatureDriftMatchesScipy(String name) {
        Run r = runs.get(name);
        JsonNode expected = r.expected.get("feature_drift");
        List<Line> points = of(r.exact, "feature_drift");
        assertThat(points).as("feature_drift points").hasSize(expected.size());
        List<String> problems = new ArrayList<>();
        Map<String, Double> worst = new java.util.TreeMap<>();
        for (JsonNode e : expected) {
            Line p = featurePoint(points, r.expected, e);
            Set<String> want = new TreeSet<>();
            e.fields().forEachRemaining(f -> {
                if (!META.contains(f.getKey()) && !f.getValue().isNull()) want.add(f.getKey());
            });
            String what = describe(e);
            Set<String> written = new TreeSet<>(p.fields.keySet());
            written.removeAll(LIFECYCLE);
            collect(problems, () -> assertThat(written).as(what + ": fields written").isEqualTo(want));
            collect(problems, () -> assertThat(p.fields.get("reference")).as(what + ": reference")
                    .isEqualTo(r.snapshot.get(e.get("model").asText()).referenceName()));
            for (String k : want) collect(problems, () -> compareField(what, k, p.fields.get(k), e.get(k)));
            for (String k : want) {
                if (p.fields.get(k) instanceof Double && e.get(k).isNumber()) {
                    double a = (Double) p.fields.get(k), w = e.get(k).asDouble();
                    worst.merge(k, Math.abs(a - w) / Math.max(Double.MIN_NORMAL, Math.abs(w)), Math::max);
                }
            }
        }
        System.out.println("golden " + name + ": largest relative difference from scipy/numpy per field: " + worst);
        assertThat(problems).as("differences from scipy/numpy").isEmpty();
    }

    /** Runs one check, adding its failure message to {@code problems} so that one run reports every difference. */
    static void collect(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            problems.add(e.getMessage().replace('\n', ' '));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shift", "edge"})
    void gridKsWithinBoundAndOtherFiguresAsExact(String name) {
        Run r = runs.get(name);
        List<Line> points = of(r.grid, "feature_drift");
        assertThat(points).hasSize(r.expected.get("feature_drift").size());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode e : r.expected.get("feature_drift")) {
            Line p = featurePoint(points, r.expected, e);
            String what = "grid " + describe(e);
            for (String k : List.of("count", "missing", "invalid", "missing_rate", "missing_shift", "psi", "mean",
                    "std", "mean_shift", "std_shift", "chi2_stat", "chi2_pvalue", "degenerate")) {
                if (e.has(k) && !e.get(k).isNull()) collect(problems, () -> compareField(what, k, p.fields.get(k), e.get(k)));
                else collect(problems, () -> assertThat(p.has(k)).as(what + " has no " + k).isFalse());
            }
            if (e.has("ks_stat") && !e.get("ks_stat").isNull()) {
                long nRef = r.expected.get("snapshots").get(e.get("model").asText()).get("numeric")
                        .get(e.get("feature").asText()).get("count").asLong();
                double bound = 1.0 / G + 1.0 / nRef;
                assertThat(Math.abs(p.number("ks_stat") - e.get("ks_stat").asDouble()))
                        .as(what + ": |grid D - exact D| <= 1/G + 1/n_ref").isLessThanOrEqualTo(bound);
                assertThat(p.number("ks_pvalue")).as(what + " p").isBetween(0.0, 1.0);
                assertThat(p.number("wasserstein")).as(what + " wasserstein").isGreaterThanOrEqualTo(0.0);
                checked++;
            }
        }
        assertThat(problems).as("differences from scipy/numpy").isEmpty();
        assertThat(checked).isPositive();
    }

    // ------------------------------------------------------------------------------------------ model points

    @ParameterizedTest
    @ValueSource(strings = {"shift", "edge"})
    void modelDriftMatches(String name) {
        Run r = runs.get(name);
        JsonNode expected = r.expected.get("model_drift");
        List<Line> points = of(r.exact, "model_drift");
        assertThat(points).hasSize(expected.size());
        for (JsonNode e : expected) {
            Line p = only(points, e.get("model").asText(), e.get("window_end_ns").asLong(), r.expected);
            for (String k : List.of("features", "drifted", "high", "medium", "drift_share")) {
                compareField("model_drift " + e.get("window_end_ns"), k, p.fields.get(k), e.get(k));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shift", "edge"})
    void modelServingMatches(String name) {
        Run r = runs.get(name);
        JsonNode expected = r.expected.get("model_serving");
        for (List<Line> lines : List.of(r.exact, r.grid)) {
            List<Line> points = of(lines, "model_serving");
            assertThat(points).hasSize(expected.size());
            for (JsonNode e : expected) {
                Line p = only(points, e.get("model").asText(), e.get("window_end_ns").asLong(), r.expected);
                String what = "model_serving " + e.get("window_end_ns");
                e.fields().forEachRemaining(f -> {
                    String k = f.getKey();
                    if (META.contains(k)) return;
                    if (k.endsWith("~")) {
                        // nearest-rank percentile through a 3-digit HdrHistogram: within 1 %
                        String field = k.substring(0, k.length() - 1);
                        double want = f.getValue().asDouble();
                        assertThat(p.number(field)).as(what + " " + field)
                                .isBetween(want * 0.99, want * 1.01);
                    } else {
                        compareField(what, k, p.fields.get(k), f.getValue());
                    }
                });
            }
        }
    }

    /** Issue 16: the input checks' counts per window, against tools/golden's record-by-record count of contract 3c. */
    @ParameterizedTest
    @ValueSource(strings = {"shift", "edge"})
    void inputQualityMatchesThePythonCount(String name) {
        Run r = runs.get(name);
        JsonNode expected = r.expected.get("input_quality");
        for (List<Line> lines : List.of(r.exact, r.grid)) {
            List<Line> points = of(lines, "input_quality");
            assertThat(points).hasSize(expected.size());
            for (JsonNode e : expected) {
                Line p = only(points, e.get("model").asText(), e.get("window_end_ns").asLong(), r.expected);
                String what = "input_quality " + e.get("window_end_ns");
                e.fields().forEachRemaining(f -> {
                    if (!META.contains(f.getKey())) compareField(what, f.getKey(), p.fields.get(f.getKey()), f.getValue());
                });
                assertThat(p.fields.keySet()).as(what + " fields").hasSize(8);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shift", "edge"})
    void pipelineCountsEveryLineAndOutputPassesLpLint(String name) throws Exception {
        Run r = runs.get(name);
        for (List<Line> lines : List.of(r.exact, r.grid)) {
            List<Line> pipeline = of(lines, "pipeline");
            assertThat(pipeline).hasSize(1);
            Line p = pipeline.get(0);
            assertThat(p.tags).containsEntry("job", "backfill");
            assertThat(p.fields.get("records_in")).isEqualTo(r.expected.get("lines").asLong());
            assertThat(p.fields.get("bad_records")).isEqualTo(0L);
            assertThat(p.fields.get("points_out")).isEqualTo((long) lines.size() - 1);
            assertThat(p.timestamp).isEqualTo(epochNanos(r.expected.get("to").asText()));
            long served = of(lines, "model_serving").stream().mapToLong(x -> (Long) x.fields.get("count")).sum();
            assertThat(served).as("records in model_serving counts").isEqualTo(r.expected.get("lines").asLong());
        }
        assertThat(Files.readAllLines(r.exactDeadLetters)).isEmpty();
        assertThat(Files.readAllLines(r.gridDeadLetters)).isEmpty();
        lpLint(r.exactOut);
        lpLint(r.gridOut);
    }

    // ------------------------------------------------------------------------------------------ edge, spelled out

    @Test
    void hostileNamesComeBackIntactFromLineProtocol() {
        Run r = runs.get("edge");
        String model = "edge model,v=2";
        Set<String> features = of(r.exact, "feature_drift").stream()
                .peek(p -> assertThat(p.tag("model")).isEqualTo(model))
                .map(p -> p.tag("feature")).collect(Collectors.toCollection(TreeSet::new));
        r.expected.get("tag_of_name").fields().forEachRemaining(e -> {
            assertThat(features).as("feature tag for %s", e.getKey()).contains(e.getValue().asText());
        });
        // a trailing backslash gets '_' (InfluxDB 1.x cannot parse a tag value ending in one; see LineProtocol)
        assertThat(features).contains("a b,c=d", "say \"hi\"", "line\\nbreak", "température", "日本語 特徴", "ends\\_");
        // every line is one point: as many lines in the file as points read back
        assertThat(r.exact).hasSize(lineCount(r.exactOut));
    }

    @Test
    void edgeCasesSpelledOut() {
        Run r = runs.get("edge");
        long w1 = r.expected.get("model_drift").get(0).get("window_end_ns").asLong();
        long w2 = r.expected.get("model_drift").get(1).get("window_end_ns").asLong();
        long w3 = r.expected.get("model_drift").get(2).get("window_end_ns").asLong();
        List<Line> fd = of(r.exact, "feature_drift");
        // constant feature, unchanged: shifts 0, not degenerate
        Line c1 = feature(fd, "const", w1);
        assertThat(c1.number("std_shift")).isZero();
        assertThat(c1.number("mean_shift")).isZero();
        assertThat(c1.fields.get("degenerate")).isEqualTo(false);
        // constant feature, changed: degenerate, no +Inf written, and the infinite shifts still score
        Line c2 = feature(fd, "const", w2);
        assertThat(c2.fields.get("degenerate")).isEqualTo(true);
        assertThat(c2.has("mean_shift")).isFalse();
        assertThat(c2.has("std_shift")).isFalse();
        // a feature missing from a whole window, and an all-null window: counts only
        Line gone = feature(fd, "gone", w1);
        assertThat(gone.fields).containsEntry("count", 0L).containsEntry("missing", 45L);
        assertThat(gone.number("missing_rate")).isEqualTo(1.0);
        assertThat(gone.has("psi")).isFalse();
        assertThat(feature(fd, "allnull", w2).fields).containsEntry("count", 0L).doesNotContainKey("ks_stat");
        // below --min-count: counts, no statistics
        assertThat(feature(fd, "sparse", w1).fields).containsEntry("count", 20L).doesNotContainKeys("psi", "drift_score");
        for (Line p : fd) {
            if (p.timestamp == w3) assertThat(p.fields).doesNotContainKeys("psi", "drift_score", "drift_level");
        }
        // wrong types are invalid, NaN / Infinity / null / a missing key are missing
        assertThat(feature(fd, "beyond", w1).fields).containsEntry("invalid", 3L).containsEntry("missing", 5L);
        // unseen categories and a number for a categorical feature
        assertThat(feature(fd, "color", w1).fields).containsEntry("invalid", 1L).containsEntry("missing", 1L);
        assertThat(feature(fd, "__prediction", w1).fields).containsEntry("invalid", 1L);
        assertThat(feature(fd, "__prediction", w1).tag("kind")).isEqualTo("categorical");
        assertThat(feature(fd, "flag", w1).tag("kind")).isEqualTo("categorical");
    }

    // ------------------------------------------------------------------------------------------ helpers

    static Path resource(String name) throws URISyntaxException {
        return Paths.get(BackfillGoldenITCase.class.getResource(name).toURI());
    }

    static Set<String> names(JsonNode node) {
        Set<String> out = new TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<Line> of(List<Line> lines, String measurement) {
        return lines.stream().filter(l -> l.measurement.equals(measurement)).collect(Collectors.toList());
    }

    static Line featurePoint(List<Line> points, JsonNode expected, JsonNode e) {
        String feature = expected.path("tag_of_name").has(e.get("feature").asText())
                ? expected.get("tag_of_name").get(e.get("feature").asText()).asText()
                : e.get("feature").asText().replace("\n", "\\n");
        long ts = e.get("window_end_ns").asLong();
        List<Line> found = new ArrayList<>();
        for (Line p : points) {
            if (p.timestamp == ts && feature.equals(p.tag("feature")) && e.get("model").asText().equals(p.tag("model"))) {
                found.add(p);
            }
        }
        assertThat(found).as("feature_drift point for " + describe(e)).hasSize(1);
        Line p = found.get(0);
        assertThat(p.tags).as(describe(e) + " tags").isEqualTo(Map.of("model", e.get("model").asText(),
                "feature", feature, "window", expected.get("window").asText(), "kind", e.get("kind").asText()));
        return p;
    }

    static Line feature(List<Line> points, String feature, long ts) {
        return points.stream().filter(p -> p.timestamp == ts && feature.equals(p.tag("feature"))).findFirst()
                .orElseThrow(() -> new AssertionError("no point for " + feature + " at " + ts));
    }

    static Line only(List<Line> points, String model, long ts, JsonNode expected) {
        List<Line> found = points.stream().filter(p -> p.timestamp == ts && model.equals(p.tag("model")))
                .collect(Collectors.toList());
        assertThat(found).as(model + " at " + ts).hasSize(1);
        assertThat(found.get(0).tags).isEqualTo(Map.of("model", model, "window", expected.get("window").asText()));
        return found.get(0);
    }

    static String describe(JsonNode e) {
        return e.get("model").asText() + "/" + e.get("feature").asText().replace("\n", "\\n") + " @"
                + e.get("window_end_ns").asLong();
    }

    /** Compares one written field with its expected JSON value, with the tolerance of its kind. */
    static void compareField(String what, String key, Object actual, JsonNode want) {
        String label = what + " " + key;
        if (actual == null) fail(label + " is missing");
        switch (key) {
            case "count": case "missing": case "invalid": case "drift_score":
            case "features": case "drifted": case "high": case "medium":
            case "out_of_range": case "unseen": case "records": case "anomalous_records": case "missing_required":
            case "multivariate_outliers":
                assertThat(actual).as(label + " (integer field)").isEqualTo(want.asLong());
                return;
            case "drift_level":
                assertThat(actual).as(label).isEqualTo(want.asText());
                return;
            case "degenerate":
                assertThat(actual).as(label).isEqualTo(want.asBoolean());
                return;
            default:
        }
        assertThat(actual).as(label + " is a float").isInstanceOf(Double.class);
        double a = (Double) actual, w = want.asDouble();
        switch (key) {
            case "ks_stat":
                close(label, a, w, 1e-9);
                return;
            case "ks_pvalue": case "ks_qvalue": case "chi2_stat": case "chi2_pvalue":
                relative(label, a, w, 1e-6);
                return;
            default:
                close(label, a, w, 1e-9);
        }
    }

    /** |a - w| <= tol * max(1, |w|): absolute for small values, relative for large ones. */
    static void close(String label, double a, double w, double tol) {
        assertThat(Math.abs(a - w)).as("%s: got %s, want %s", label, a, w).isLessThanOrEqualTo(tol * Math.max(1, Math.abs(w)));
    }

    static void relative(String label, double a, double w, double tol) {
        assertThat(Math.abs(a - w)).as("%s: got %s, want %s", label, a, w).isLessThanOrEqualTo(tol * Math.abs(w));
    }

    static long epochNanos(String iso) {
        return java.time.Instant.parse(iso).toEpochMilli() * 1_000_000L;
    }

    static int lineCount(Path file) {
        try {
            return (int) Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The project's line protocol check (io.modelwatch.testing.LpLint) on a file. */
    static void lpLint(Path file) throws Exception {
        io.modelwatch.testing.LpLint.assertPasses(file);
    }
}
