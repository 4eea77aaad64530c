package io.modelwatch.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.io.LogGenerator;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.DriftThresholds;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import io.modelwatch.testing.LpLint;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract 2b, segments, what issue 15 must show: each segment's figures equal a backfill over that segment's
 * records alone. Generated logs of two days with five segments that differ (segment k's numeric means moved by k/2
 * sigma) and a shift of num_001 by 2 sigma on day 2 in seg_00 only; {@code --max-segments 3}, so three segments
 * have their own and two go to {@code __other}. The oracle: the same records, each segment's (and __other's) given
 * a model name of its own ({@code m-SEG}), through reference and backfill without segments; models never mix, so
 * its model {@code m-SEG} is that segment's records alone. Every point of the segmented run (model m, segment SEG)
 * must be the oracle's point of model m-SEG: the same series and times, integers and strings exactly, doubles to
 * 1e-9; and the segmented reference's segment snapshots those of the oracle's models. Both run on two slots
 * over two files, so the segments the readers pick must agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentsBackfillITCase {
    static final Instant D1 = Instant.parse("2026-11-24T00:00:00Z"), D2 = D1.plusSeconds(86_400), END = D2.plusSeconds(86_400);
    static final int MAX = 3;
    @TempDir static Path tmp;
    List<String> admitted;
    Path segRef, oracleRef;
    List<Line> segmented, oracle;

    static void run(String... args) {
        assertThat(Main.execute(args)).as(String.join(" ", args)).isZero();
    }

    @BeforeAll
    void runJobs() throws Exception {
        LogGenerator.Config c = new LogGenerator.Config();
        c.models = List.of("m");
        c.numericFeatures = 3;
        c.categoricalFeatures = 2;
        c.eventsPerModel = 9_600;
        c.from = D1;
        c.to = END;
        c.segments = 5;
        c.segmentSpread = 0.5;
        c.driftFeatures = Set.of("num_001");
        c.driftShift = 2;
        c.driftFrom = D2;
        c.driftSegment = "seg_00";
        c.files = 2;
        c.seed = 7;
        c.labelsDir = tmp.resolve("labels");
        Path logs = tmp.resolve("logs");
        List<Path> files = LogGenerator.generate(c, logs, n -> {});

        // the segments of their own: the first MAX values by the time of their first record in the reference's day
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> first = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (Path f : files) lines.addAll(Files.readAllLines(f));
        for (String l : lines) {
            JsonNode n = json.readTree(l);
            long ts = Instant.parse(n.get("ts").asText()).toEpochMilli();
            if (ts < D2.toEpochMilli()) first.merge(n.get("features").get("segment").asText(), ts, Math::min);
        }
        admitted = first.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX).map(Map.Entry::getKey).toList();
        Path oracleLogs = Files.createDirectories(tmp.resolve("oracle-logs"));
        Map<String, String> modelOf = new HashMap<>(); // request_id -> the oracle's model of its segment
        try (BufferedWriter w = Files.newBufferedWriter(oracleLogs.resolve("o.jsonl"))) {
            for (String l : lines) {
                JsonNode n = json.readTree(l);
                String seg = n.get("features").get("segment").asText();
                String model = "m-" + (admitted.contains(seg) ? seg : Segments.OTHER);
                modelOf.put(n.get("request_id").asText(), model);
                w.write(l.replace("\"model\":\"m\"", "\"model\":\"" + model + "\""));
                w.write('\n');
            }
        }
        // the labels of a segment's requests name the oracle's model of that segment
        Path oracleLabels = Files.createDirectories(tmp.resolve("oracle-labels"));
        try (BufferedWriter w = Files.newBufferedWriter(oracleLabels.resolve("l.jsonl"));
             var labelFiles = Files.list(c.labelsDir)) {
            for (Path f : labelFiles.sorted().toList()) {
                for (String l : Files.readAllLines(f)) {
                    String model = modelOf.get(json.readTree(l).get("request_id").asText());
                    w.write(l.replace("\"model\":\"m\"", "\"model\":\"" + model + "\""));
                    w.write('\n');
                }
            }
        }
        segRef = tmp.resolve("ref-seg");
        oracleRef = tmp.resolve("ref-oracle");
        run("reference", "--input", logs.toString(), "--from", D1.toString(), "--to", D2.toString(), "--output",
                segRef.toString(), "--segment-by", "features.segment", "--max-segments", "" + MAX, "--parallelism", "2");
        run("reference", "--input", oracleLogs.toString(), "--from", D1.toString(), "--to", D2.toString(), "--output",
                oracleRef.toString(), "--parallelism", "2");
        segmented = backfill("segmented", logs, segRef, "--segment-by", "features.segment", "--max-segments", "" + MAX,
                "--labels", c.labelsDir.toString());
        oracle = backfill("oracle", oracleLogs, oracleRef, "--labels", oracleLabels.toString());
    }

    @Test
    void aSegmentWithoutItsOwnSnapshotOfTheSameKeyIsComparedWithTheModels() {
        // segRef's segments are by features.segment; by model_version (every record v1) they do not count
        List<Line> byVersion = backfill("by-version", tmp.resolve("logs"), segRef, "--segment-by", "model_version");
        List<Line> whole = backfill("whole", tmp.resolve("logs"), segRef);
        Map<String, Line> got = new TreeMap<>(), want = new TreeMap<>();
        for (Line l : byVersion) {
            if (l.measurement.equals("pipeline")) continue;
            assertThat(l.tag("segment")).as(l.toString()).isEqualTo("v1");
            Map<String, String> tags = new TreeMap<>(l.tags);
            tags.remove("segment");
            got.put(l.measurement + tags + "@" + l.timestamp, l);
        }
        for (Line l : whole) if (!l.measurement.equals("pipeline")) want.put(l.measurement + new TreeMap<>(l.tags) + "@" + l.timestamp, l);
        assertThat(got.keySet()).isEqualTo(want.keySet()).isNotEmpty();
        for (Map.Entry<String, Line> e : want.entrySet()) {
            assertThat(got.get(e.getKey()).fields).as(e.getKey()).isEqualTo(e.getValue().fields);
            if (e.getValue().measurement.equals("feature_drift") || e.getValue().measurement.equals("model_drift")) {
                assertThat(e.getValue().fields.get("reference")).isEqualTo("m@" + D2);
            }
        }
    }

    List<Line> backfill(String name, Path input, Path reference, String... more) {
        Path out = tmp.resolve(name + ".lp");
        List<String> args = new ArrayList<>(List.of("backfill", "--input", input.toString(), "--reference",
                reference.toString(), "--from", D2.toString(), "--to", END.toString(), "--window", "6h",
                "--parallelism", "2", "--sink", "file:" + out, "--dead-letter", tmp.resolve(name + "-dead.jsonl").toString()));
        args.addAll(List.of(more));
        run(args.toArray(new String[0]));
        LpLint.assertPasses(out);
        return LineProtocolReader.read(out);
    }

    /**
     * The points but pipeline's by series and time, a segment's under the oracle's name for it (model m-SEG). An
     * orphan label has no prediction and so no segment: the segmented run counts it on the model's performance
     * point without a segment, the oracle on its segment's model; both are left out, and with them orphan_labels.
     */
    static Map<String, Line> bySeries(List<Line> lines) {
        Map<String, Line> out = new TreeMap<>();
        for (Line l : lines) {
            if (l.measurement.equals("pipeline")) continue;
            if (l.measurement.equals("model_performance") && l.tag("segment") == null && l.tag("model").equals("m")) continue;
            Map<String, String> tags = new TreeMap<>(l.tags);
            String seg = tags.remove("segment");
            if (seg != null) tags.put("model", tags.get("model") + "-" + seg);
            assertThat(out.put(l.measurement + tags + "@" + l.timestamp, l)).as("one point per series and time").isNull();
        }
        return out;
    }

    @Test
    void everySegmentsFiguresAreThoseOfABackfillOverItsRecordsAlone() {
        Map<String, Line> got = bySeries(segmented), want = bySeries(oracle);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        assertThat(got.keySet().stream().filter(k -> k.startsWith("model_drift"))).hasSize(4 * (MAX + 1));
        assertThat(got.values().stream().map(l -> l.measurement).distinct())
                .contains("feature_drift", "model_drift", "model_serving", "input_quality", "model_performance");
        for (Map.Entry<String, Line> e : want.entrySet()) {
            Map<String, Object> g = got.get(e.getKey()).fields, w = e.getValue().fields;
            assertThat(g.keySet()).as(e.getKey()).isEqualTo(w.keySet());
            for (String f : w.keySet()) {
                Object a = g.get(f), b = w.get(f);
                if (f.equals("orphan_labels")) continue; // see bySeries
                if (f.equals("reference")) {
                    // a segment's own snapshot is MODEL~SEGMENT@valid_from; the oracle's model is m-SEG
                    assertThat(((String) a).replace('~', '-')).as(e.getKey() + " " + f).isEqualTo(b);
                } else if (b instanceof Double) {
                    assertThat((Double) a).as(e.getKey() + " " + f)
                            .isCloseTo((Double) b, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs((Double) b))));
                } else {
                    assertThat(a).as(e.getKey() + " " + f).isEqualTo(b);
                }
            }
        }
        for (Line l : segmented) {
            if (l.measurement.equals("pipeline") || l.measurement.equals("model_performance") && l.tag("segment") == null) continue;
            assertThat(l.tag("model")).isEqualTo("m");
            assertThat(l.tag("segment")).as(l.toString()).isIn(segmentsWithOther());
        }
    }

    List<String> segmentsWithOther() {
        List<String> all = new ArrayList<>(admitted);
        all.add(Segments.OTHER);
        return all;
    }

    @Test
    void theShiftIsInItsSegmentOnly() {
        String drifted = admitted.contains("seg_00") ? "seg_00" : Segments.OTHER;
        int seen = 0;
        for (Line l : segmented) {
            if (!l.measurement.equals("feature_drift") || !"num_001".equals(l.tag("feature"))) continue;
            seen++;
            if (l.tag("segment").equals(drifted)) {
                // seg_00 alone: 2 sigma; in __other with one more segment about 1
                assertThat(l.number("mean_shift")).as(l.toString()).isGreaterThan(0.7);
                assertThat(l.fields.get("drift_alert")).as(l.toString()).isEqualTo(true);
            } else {
                assertThat(Math.abs(l.number("mean_shift"))).as(l.toString()).isLessThan(0.4);
            }
        }
        assertThat(seen).isEqualTo(4 * (MAX + 1));
    }

    @Test
    void theSegmentedReferenceHoldsTheModelAndEachSegmentsSnapshotAsTheOraclesModels() throws Exception {
        Map<String, Snapshot> byName = new TreeMap<>();
        for (Snapshot s : SnapshotFiles.readFiles(segRef, true).values()) {
            byName.put(s.segment() == null ? s.model : s.model + "-" + s.segment(), s);
            if (s.segment() != null) assertThat(s.segmentBy()).isEqualTo("features.segment");
        }
        Map<String, Snapshot> oracles = new TreeMap<>();
        for (Snapshot s : SnapshotFiles.readFiles(oracleRef, true).values()) oracles.put(s.model, s);
        Set<String> segmentNames = new TreeSet<>();
        for (String seg : segmentsWithOther()) segmentNames.add("m-" + seg);
        assertThat(oracles.keySet()).isEqualTo(segmentNames);
        Set<String> expected = new TreeSet<>(segmentNames);
        expected.add("m");
        assertThat(byName.keySet()).isEqualTo(expected);
        long total = 0;
        for (String name : segmentNames) {
            Snapshot a = byName.get(name), b = oracles.get(name);
            total += a.records;
            assertThat(a.records).as(name).isEqualTo(b.records);
            assertThat(a.validFromMillis()).isEqualTo(b.validFromMillis()).isEqualTo(D2.toEpochMilli());
            assertThat(a.numeric()).hasSameSizeAs(b.numeric());
            for (int i = 0; i < a.numeric().size(); i++) {
                NumericReference x = a.numeric(i), y = b.numeric(i);
                assertThat(x.name).isEqualTo(y.name);
                assertThat(x.count).as(name + " " + x.name).isEqualTo(y.count);
                assertThat(x.mean).as(name + " " + x.name).isCloseTo(y.mean, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(x.std).as(name + " " + x.name).isCloseTo(y.std, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(x.quantiles).as(name + " " + x.name).isEqualTo(y.quantiles);
                assertThat(x.cellCounts).as(name + " " + x.name).isEqualTo(y.cellCounts);
            }
            assertThat(a.categorical()).hasSameSizeAs(b.categorical());
            for (int i = 0; i < a.categorical().size(); i++) {
                CategoricalReference x = a.categorical(i), y = b.categorical(i);
                assertThat(x.categories).as(name + " " + x.name).isEqualTo(y.categories);
                assertThat(x.counts).as(name + " " + x.name).isEqualTo(y.counts);
            }
            DriftThresholds ta = a.thresholds(), tb = b.thresholds();
            assertThat(ta.features().keySet()).as(name).isEqualTo(tb.features().keySet()).isNotEmpty();
            for (String f : tb.features().keySet()) {
                double[] p = ta.features().get(f).threshold, q = tb.features().get(f).threshold;
                for (int k = 0; k < q.length; k++) {
                    if (Double.isNaN(q[k])) assertThat(p[k]).isNaN();
                    else assertThat(p[k]).as(name + " " + f).isCloseTo(q[k], org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(q[k]))));
                }
            }
        }
        assertThat(total).as("the segments partition the model's records").isEqualTo(byName.get("m").records);
        // the model's own snapshot is calibrated on all its records, as without segments
        assertThat(byName.get("m").thresholds().features()).hasSize(byName.get("m").numeric().size()
                + byName.get("m").categorical().size());
    }
}
