package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogGeneratorTest {

    @TempDir Path dir;

    private static LogGenerator.Config small() {
        LogGenerator.Config c = new LogGenerator.Config();
        c.numericFeatures = 6;
        c.categoricalFeatures = 4;
        c.eventsPerModel = 3_000;
        c.missingRate = 0;
        return c;
    }

    private List<Path> generate(LogGenerator.Config c, String sub) throws IOException {
        return LogGenerator.generate(c, dir.resolve(sub), n -> {});
    }

    private static byte[] bytes(Path p) throws IOException {
        if (!p.toString().endsWith(".gz")) return Files.readAllBytes(p);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static List<String> lines(List<Path> files) throws IOException {
        List<String> all = new ArrayList<>();
        for (Path p : files) all.addAll(new String(bytes(p), StandardCharsets.UTF_8).lines().toList());
        return all;
    }

    private static List<PredictionRecord> copies(List<String> lines, List<String> bad) {
        PredictionParser parser = new PredictionParser();
        List<PredictionRecord> out = new ArrayList<>();
        for (String l : lines) {
            String problem = parser.parse(l.getBytes(StandardCharsets.UTF_8));
            if (problem != null) {
                bad.add(l);
                continue;
            }
            PredictionRecord r = new PredictionRecord();
            PredictionRecord p = parser.record();
            r.tsMillis = p.tsMillis;
            r.model = p.model;
            r.featureCount = p.featureCount;
            r.featureNames = p.featureNames.clone();
            r.featureKinds = p.featureKinds.clone();
            r.featureNumbers = p.featureNumbers.clone();
            r.featureStrings = p.featureStrings.clone();
            out.add(r);
        }
        return out;
    }

    private static double value(PredictionRecord r, String feature) {
        for (int i = 0; i < r.featureCount; i++) if (r.featureNames[i].equals(feature)) return r.featureNumbers[i];
        throw new AssertionError("no " + feature);
    }

    @Test
    void twoRunsWithTheSameSeedAreByteIdentical() throws IOException {
        LogGenerator.Config c = small();
        c.files = 3;
        c.badLineRate = 0.05;
        List<Path> a = generate(c, "a"), b = generate(c, "b");
        assertThat(a).hasSize(3);
        for (int f = 0; f < 3; f++) assertThat(bytes(a.get(f))).isEqualTo(bytes(b.get(f)));
        c.seed = 43;
        assertThat(bytes(generate(c, "c").get(0))).isNotEqualTo(bytes(a.get(0)));
    }

    @Test
    void gzipOutputIsReadableAndHoldsTheSameLinesAsPlainOutput() throws IOException {
        LogGenerator.Config c = small();
        List<Path> plain = generate(c, "plain");
        c.gzip = true;
        List<Path> gz = generate(c, "gz");
        assertThat(gz.get(0).getFileName().toString()).isEqualTo("predictions-000.jsonl.gz");
        assertThat(Files.size(gz.get(0))).isLessThan(Files.size(plain.get(0)));
        assertThat(bytes(gz.get(0))).isEqualTo(bytes(plain.get(0)));
    }

    @Test
    void everyLineIsAGoodRecordWithEveryFeatureWhenNoBadLinesAreAsked() throws IOException {
        LogGenerator.Config c = small();
        c.models = List.of("m1", "m2");
        List<String> bad = new ArrayList<>();
        List<PredictionRecord> records = copies(lines(generate(c, "g")), bad);
        assertThat(bad).isEmpty();
        assertThat(records).hasSize(6_000);
        assertThat(records).extracting(r -> r.model).containsOnly("m1", "m2");
        PredictionRecord r = records.get(0);
        assertThat(r.featureCount).isEqualTo(10);
        assertThat(java.util.Arrays.asList(r.featureNames).subList(0, 10)).containsExactly("num_000", "num_001", "num_002",
                "num_003", "num_004", "num_005", "cat_00", "flag_01", "cat_02", "flag_03");
        assertThat(r.featureKinds[6]).isEqualTo(PredictionRecord.STRING);
        assertThat(r.featureKinds[7]).isEqualTo(PredictionRecord.BOOLEAN);
    }

    @Test
    void filesAreContiguousTimeOrderedSlicesOfTheRange() throws IOException {
        LogGenerator.Config c = small();
        c.files = 4;
        c.eventsPerModel = 1_001; // not a multiple of the file count
        List<Path> files = generate(c, "slices");
        long previous = Long.MIN_VALUE;
        int total = 0;
        for (Path f : files) {
            List<PredictionRecord> records = copies(lines(List.of(f)), new ArrayList<>());
            assertThat(records.size()).isBetween(250, 251);
            assertThat(records.get(0).tsMillis).as("first of %s", f).isGreaterThan(previous);
            for (PredictionRecord r : records) {
                assertThat(r.tsMillis).isGreaterThanOrEqualTo(previous);
                previous = r.tsMillis;
            }
            total += records.size();
        }
        assertThat(total).isEqualTo(1_001);
        assertThat(previous).isLessThan(c.to.toEpochMilli());
        // the same event times as one file holding the whole range
        c.files = 1;
        assertThat(copies(lines(generate(c, "one")), new ArrayList<>())).extracting(r -> r.tsMillis)
                .containsExactlyElementsOf(copies(lines(files), new ArrayList<>()).stream().map(r -> r.tsMillis).toList());
    }

    @Test
    void eventsSpreadEvenlyOverTheRange() throws IOException {
        LogGenerator.Config c = small();
        c.eventsPerModel = 24;
        List<PredictionRecord> records = copies(lines(generate(c, "even")), new ArrayList<>());
        for (int i = 0; i < 24; i++) {
            // event i sits in the middle of hour i
            assertThat(records.get(i).tsMillis).isEqualTo(c.from.toEpochMilli() + i * 3_600_000L + 1_800_000L);
        }
    }

    @Test
    void driftMovesOnlyTheChosenFeatureAndOnlyFromDriftFrom() throws IOException {
        LogGenerator.Config c = small();
        List<String> base = lines(generate(c, "base"));
        c.driftFeatures = Set.of("num_004");
        c.driftShift = 3;
        c.driftFrom = Instant.parse("2026-11-24T12:00:00Z");
        List<String> drifted = lines(generate(c, "drift"));
        assertThat(drifted).hasSameSizeAs(base);
        List<PredictionRecord> b = copies(base, new ArrayList<>()), d = copies(drifted, new ArrayList<>());
        long driftFrom = c.driftFrom.toEpochMilli();
        int after = 0;
        for (int i = 0; i < b.size(); i++) {
            if (b.get(i).tsMillis < driftFrom) {
                assertThat(drifted.get(i)).isEqualTo(base.get(i));
                continue;
            }
            after++;
            for (int k = 0; k < 6; k++) {
                String f = LogGenerator.numericName(k);
                double shift = value(d.get(i), f) - value(b.get(i), f);
                // sigma of num_004 is 1 + 4 % 3 = 2: a shift of 3 sigmas moves it by 6
                assertThat(shift).as("%s of line %d", f, i).isCloseTo(k == 4 ? 6.0 : 0.0,
                        org.assertj.core.data.Offset.offset(2e-6));
            }
            assertThat(drifted.get(i).replaceAll("\"num_004\":[-0-9.]+", ""))
                    .isEqualTo(base.get(i).replaceAll("\"num_004\":[-0-9.]+", ""));
        }
        assertThat(after).isEqualTo(1_500);
    }

    @Test
    void driftedCategoricalFeatureGetsAnUnseenCategoryAfterDriftFrom() throws IOException {
        LogGenerator.Config c = small();
        c.driftFeatures = Set.of("cat_02");
        c.driftShift = 2; // 60 % of the mass moves to "new"
        c.driftFrom = Instant.parse("2026-11-24T12:00:00Z");
        List<PredictionRecord> records = copies(lines(generate(c, "cat")), new ArrayList<>());
        long before = 0, afterNew = 0, afterOther = 0, afterCount = 0;
        for (PredictionRecord r : records) {
            for (int i = 0; i < r.featureCount; i++) {
                if (!"new".equals(r.featureStrings[i])) continue;
                assertThat(r.featureNames[i]).isEqualTo("cat_02");
                if (r.tsMillis < c.driftFrom.toEpochMilli()) before++;
            }
            if (r.tsMillis >= c.driftFrom.toEpochMilli()) {
                afterCount++;
                for (int i = 0; i < r.featureCount; i++) {
                    if (r.featureNames[i].equals("cat_02")) {
                        if ("new".equals(r.featureStrings[i])) afterNew++;
                        else afterOther++;
                    }
                    if (r.featureNames[i].equals("cat_00")) assertThat(r.featureStrings[i]).isNotEqualTo("new");
                }
            }
        }
        assertThat(before).isZero();
        assertThat(afterNew + afterOther).isEqualTo(afterCount);
        assertThat((double) afterNew / afterCount).isBetween(0.55, 0.65);
    }

    @Test
    void badLineShareIsRoughlyAsAskedAndEveryBadLineIsRefusedByTheParser() throws IOException {
        LogGenerator.Config c = small();
        c.eventsPerModel = 20_000;
        c.numericFeatures = 2;
        c.categoricalFeatures = 0;
        c.badLineRate = 0.1;
        List<String> lines = lines(generate(c, "bad"));
        List<String> bad = new ArrayList<>();
        copies(lines, bad);
        assertThat(lines).hasSize(20_000);
        // 2000 expected; binomial sd ~ 42
        assertThat(bad.size()).isBetween(1_850, 2_150);
    }

    @Test
    void missingRateWritesNullsInAboutThatShare() throws IOException {
        LogGenerator.Config c = small();
        c.missingRate = 0.2;
        List<PredictionRecord> records = copies(lines(generate(c, "missing")), new ArrayList<>());
        long nulls = 0, values = 0;
        for (PredictionRecord r : records) {
            for (int i = 0; i < r.featureCount; i++) {
                values++;
                if (r.featureKinds[i] == PredictionRecord.NULL) nulls++;
            }
        }
        assertThat((double) nulls / values).isBetween(0.18, 0.22);
    }

    @Test
    void progressEndsAtTheNumberOfLinesWritten() throws IOException {
        LogGenerator.Config c = small();
        c.files = 2;
        c.models = List.of("a", "b", "c");
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();
        LogGenerator.generate(c, dir.resolve("progress"), n -> last.accumulateAndGet(n, Math::max));
        assertThat(last.get()).isEqualTo(9_000);
    }

    @Test
    void labelsLoseAccuracyAfterTheConceptDriftWhileThePredictionsStayTheSame() throws IOException {
        LogGenerator.Config plain = small();
        plain.eventsPerModel = 20_000;
        plain.files = 2;
        LogGenerator.Config labelled = small();
        labelled.eventsPerModel = 20_000;
        labelled.files = 2;
        labelled.labelsDir = dir.resolve("labels");
        labelled.labelDelayMeanMs = 300_000;
        labelled.conceptDriftFrom = Instant.parse("2026-11-24T12:00:00Z");
        List<String> without = lines(generate(plain, "plain"));
        List<String> with = lines(generate(labelled, "labelled"));
        assertThat(with).isEqualTo(without);

        java.util.Map<String, double[]> scores = new java.util.HashMap<>(); // request_id -> {ts, score}
        PredictionParser pp = new PredictionParser();
        for (String l : with) {
            assertThat(pp.parse(l.getBytes(StandardCharsets.UTF_8))).isNull();
            scores.put(pp.record().requestId, new double[] {pp.record().tsMillis, pp.record().predictionNumber});
        }
        List<Path> labelFiles;
        try (var s = Files.list(labelled.labelsDir)) {
            labelFiles = s.sorted().toList();
        }
        assertThat(labelFiles).extracting(p -> p.getFileName().toString()).containsExactly("labels-000.jsonl", "labels-001.jsonl");
        LabelParser lp = new LabelParser();
        long[] agree = new long[2], total = new long[2];
        long delaySum = 0;
        int n = 0;
        for (Path f : labelFiles) {
            long last = Long.MIN_VALUE;
            for (String l : lines(List.of(f))) {
                assertThat(lp.parse(l.getBytes(StandardCharsets.UTF_8))).as(l).isNull();
                LabelRecord r = lp.record();
                assertThat(r.tsMillis).as("labels in time order").isGreaterThanOrEqualTo(last);
                last = r.tsMillis;
                double[] pred = scores.get(r.requestId);
                assertThat(pred).as("a label joins a prediction").isNotNull();
                assertThat((double) r.tsMillis).isGreaterThanOrEqualTo(pred[0]);
                delaySum += r.tsMillis - (long) pred[0];
                n++;
                int half = pred[0] >= labelled.conceptDriftFrom.toEpochMilli() ? 1 : 0;
                total[half]++;
                if ((pred[1] >= 0.5) == (r.labelNumber == 1)) agree[half]++;
            }
        }
        assertThat((double) n / 20_000).isBetween(0.88, 0.92); // label rate 0.9
        assertThat(delaySum / (double) n).isBetween(270_000.0, 330_000.0);
        assertThat((double) agree[0] / total[0]).isBetween(0.90, 0.94);
        assertThat((double) agree[1] / total[1]).isBetween(0.62, 0.68);
    }
}
