package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {

    @TempDir Path dir;

    static void assertSameSnapshot(Snapshot actual, Snapshot expected) {
        assertThat(actual.model).isEqualTo(expected.model);
        assertThat(actual.fromMillis).isEqualTo(expected.fromMillis);
        assertThat(actual.toMillis).isEqualTo(expected.toMillis);
        assertThat(actual.records).isEqualTo(expected.records);
        assertThat(actual.grid).isEqualTo(expected.grid);
        assertThat(actual.sampleLimit).isEqualTo(expected.sampleLimit);
        assertThat(actual.numeric()).hasSameSizeAs(expected.numeric());
        for (int i = 0; i < expected.numeric().size(); i++) {
            NumericReference a = actual.numeric(i), e = expected.numeric(i);
            assertThat(a.name).isEqualTo(e.name);
            assertThat(a.count).isEqualTo(e.count);
            assertThat(a.missing).isEqualTo(e.missing);
            assertThat(a.invalid).isEqualTo(e.invalid);
            // bit-exact (every NaN reads back as the canonical NaN)
            assertThat(Double.doubleToLongBits(a.mean)).as(e.name + " mean").isEqualTo(Double.doubleToLongBits(e.mean));
            assertThat(Double.doubleToLongBits(a.std)).as(e.name + " std").isEqualTo(Double.doubleToLongBits(e.std));
            assertThat(Double.doubleToLongBits(a.min)).isEqualTo(Double.doubleToLongBits(e.min));
            assertThat(Double.doubleToLongBits(a.max)).isEqualTo(Double.doubleToLongBits(e.max));
            assertThat(bits(a.quantiles)).as(e.name + " quantiles").containsExactly(bits(e.quantiles));
            assertThat(a.cellCounts).as(e.name + " cells").containsExactly(e.cellCounts);
            assertThat(bits(a.sample)).as(e.name + " sample").containsExactly(bits(e.sample));
            assertThat(bits(a.innerEdges())).containsExactly(bits(e.innerEdges()));
            assertThat(a.rankError).as(e.name + " rank_error").isEqualTo(e.rankError);
        }
        assertThat(actual.categorical()).hasSameSizeAs(expected.categorical());
        for (int i = 0; i < expected.categorical().size(); i++) {
            CategoricalReference a = actual.categorical(i), e = expected.categorical(i);
            assertThat(a.name).isEqualTo(e.name);
            assertThat(a.count).isEqualTo(e.count);
            assertThat(a.missing).isEqualTo(e.missing);
            assertThat(a.invalid).isEqualTo(e.invalid);
            assertThat(a.categories).containsExactly(e.categories);
            assertThat(a.counts).containsExactly(e.counts);
        }
    }

    private static long[] bits(double[] values) {
        long[] b = new long[values.length];
        for (int i = 0; i < values.length; i++) b[i] = Double.doubleToLongBits(values[i]);
        return b;
    }

    @Test
    void writeThenReadGivesBackEveryFieldWithArraysBitExact() throws IOException {
        Snapshot s = SnapshotFixtures.v1();
        Path file = SnapshotFiles.write(dir, s);
        assertThat(file.getFileName().toString()).isEqualTo("model-a@20261125T000000Z.snapshot.json");
        assertThat(dir.resolve(file.getFileName() + ".tmp")).doesNotExist();
        assertSameSnapshot(SnapshotFiles.read(file), s);
    }

    @Test
    void awkwardDoublesSurviveTheRoundTrip() throws IOException {
        double[] values = {-1e100, -1e-300, -0.0, Double.MIN_VALUE, 0.1 + 0.2, 1.0 / 3, 1e100};
        NumericReference r = ReferenceStatistics.numeric("x", values, 0, 0, 10, 100);
        Snapshot s = new Snapshot("m", 0, 1, 7, 10, 100, List.of(r), List.of());
        assertSameSnapshot(SnapshotFiles.read(SnapshotFiles.write(dir, s)), s);
    }

    @Test
    void aSketchedFeaturesRankErrorSurvivesTheRoundTrip() throws IOException {
        NumericReference r = new NumericReference("x", 5, 0, 0, 1, 0, 1, 1, new double[] {1, 1}, new long[] {0, 0, 5},
                new double[] {1}, 3.5e-4);
        Snapshot s = new Snapshot("m", 0, 1, 5, 1, 1, List.of(r), List.of());
        assertThat(SnapshotFiles.read(SnapshotFiles.write(dir, s)).numeric(0).rankError).isEqualTo(3.5e-4);
    }

    @Test
    void theCommittedV1FileIsStillReadAsWritten() throws IOException, URISyntaxException {
        Path v1 = Path.of(getClass().getResource("/reference/v1-snapshot.json").toURI());
        assertSameSnapshot(SnapshotFiles.read(v1), SnapshotFixtures.v1());
    }

    @Test
    void theCommittedV2FileIsStillReadAsWrittenValidFromItsEnd() throws IOException, URISyntaxException {
        Path v2 = Path.of(getClass().getResource("/reference/v2-snapshot.json").toURI());
        Snapshot s = SnapshotFiles.read(v2);
        assertSameSnapshot(s, SnapshotFixtures.v1());
        assertThat(s.validFromMillis()).isEqualTo(s.toMillis);
        assertThat(s.segment()).isNull();
        assertThat(s.thresholds()).isNull();
    }

    @Test
    void theWrittenFormatIsStillTheCommittedV3Format() throws IOException, URISyntaxException {
        Path v3 = Path.of(getClass().getResource("/reference/v3-snapshot.json").toURI());
        Path written = SnapshotFiles.write(dir, SnapshotFixtures.v3());
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(written.toFile())).isEqualTo(mapper.readTree(v3.toFile()));
        Snapshot back = SnapshotFiles.read(v3);
        assertSameSnapshot(back, SnapshotFixtures.v3());
        assertThat(back.validFromMillis()).isEqualTo(SnapshotFixtures.v3().validFromMillis());
        assertThat(back.segmentBy()).isEqualTo("model_version");
        assertThat(back.segment()).isEqualTo("v2");
        DriftThresholds.Feature t = back.thresholds().feature("num_spread");
        DriftThresholds.Feature e = SnapshotFixtures.v3().thresholds().feature("num_spread");
        assertThat(t.chunks).isEqualTo(e.chunks);
        assertThat(t.threshold).containsExactly(e.threshold);
        assertThat(t.std).containsExactly(e.std);
        assertThat(back.thresholds().feature("flag_01").categorical).isTrue();
        assertThat(back.thresholds().chunkMillis).isEqualTo(3_600_000L);
        assertThat(written.getFileName().toString()).isEqualTo("model-a~v2@20261125T060000.250Z.snapshot.json");
    }

    @Test
    void aSnapshotOfAnotherSchemaVersionIsRefusedNamingTheFileAndTheVersions() throws IOException {
        Path file = SnapshotFiles.write(dir, SnapshotFixtures.v1());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(file.toFile());
        root.put("schema_version", 4);
        mapper.writeValue(file.toFile(), root);
        assertThatThrownBy(() -> SnapshotFiles.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema_version 4")
                .hasMessageContaining("reads 1 to 3");
    }

    @Test
    void aSnapshotWithoutSchemaVersionIsRefused() throws IOException {
        Path file = SnapshotFiles.write(dir, SnapshotFixtures.v1());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(file.toFile());
        root.remove("schema_version");
        mapper.writeValue(file.toFile(), root);
        assertThatThrownBy(() -> SnapshotFiles.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no schema_version")
                .hasMessageContaining("reads 1 to 3");
    }

    @Test
    void aFileThatIsNotJsonOrNotAnObjectIsRefusedNamingIt() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.snapshot.json"), "{\"schema_version\": 1,");
        assertThatThrownBy(() -> SnapshotFiles.read(broken)).isInstanceOf(IOException.class)
                .hasMessageContaining(broken.toString());
        Path array = Files.writeString(dir.resolve("array.snapshot.json"), "[1]");
        assertThatThrownBy(() -> SnapshotFiles.read(array)).isInstanceOf(IOException.class)
                .hasMessageContaining(array.toString()).hasMessageContaining("not a JSON object");
    }

    @Test
    void fileNamesAreMadeSafeForAFileSystem() {
        assertThat(SnapshotFiles.fileName("fraud-v2.1_x")).isEqualTo("fraud-v2.1_x.snapshot.json");
        assertThat(SnapshotFiles.fileName("a/b c:d")).isEqualTo("a_b_c_d.snapshot.json");
        assertThat(SnapshotFiles.fileName("a/b", "de:v", 0)).isEqualTo("a_b~de_v@19700101T000000Z.snapshot.json");
    }

    @Test
    void readAllReadsEverySnapshotOfAFolderByModelOrTheOneFileGiven() throws IOException {
        Snapshot a = SnapshotFixtures.v1();
        Snapshot b = new Snapshot("model/b", 0, 1, 0, 10, 8, List.of(), List.of());
        Path fa = SnapshotFiles.write(dir, a);
        SnapshotFiles.write(dir, b);
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        Snapshot older = a.withValidFrom(a.validFromMillis() - 86_400_000L);
        SnapshotFiles.write(dir, older);
        SnapshotFiles.write(dir, a.withSegment("model_version", "v9").withValidFrom(a.validFromMillis() + 1));
        Map<String, Snapshot> all = SnapshotFiles.readAll(dir);
        assertThat(all).containsOnlyKeys("model-a", "model/b");
        assertSameSnapshot(all.get("model-a"), a);
        assertThat(all.get("model-a").validFromMillis()).as("the newest whole-model snapshot").isEqualTo(a.validFromMillis());
        assertThat(SnapshotFiles.readSet(dir, true).series("model-a", null)).hasSize(2);
        assertThat(SnapshotFiles.readSet(dir, true).series("model-a", "v9")).hasSize(1);
        assertThat(SnapshotFiles.readAll(fa)).containsOnlyKeys("model-a");
        assertThatThrownBy(() -> SnapshotFiles.readAll(dir.resolve("nope"))).isInstanceOf(IOException.class)
                .hasMessageContaining("nope");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> SnapshotFiles.readAll(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining("no *.snapshot.json files");
    }

    @Test
    void decilesAreWrittenForTheHumanReader() throws IOException {
        Path file = SnapshotFiles.write(dir, SnapshotFixtures.v1());
        var deciles = new ObjectMapper().readTree(file.toFile()).path("numeric").path("num_tied").path("deciles");
        NumericReference r = SnapshotFixtures.v1().numeric(SnapshotFixtures.v1().numericIndex("num_tied"));
        assertThat(deciles.size()).isEqualTo(9);
        for (int k = 1; k <= 9; k++) assertThat(deciles.get(k - 1).asDouble()).isEqualTo(r.quantiles[k]);
    }
}
