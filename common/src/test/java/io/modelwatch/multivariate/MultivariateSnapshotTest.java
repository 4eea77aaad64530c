package io.modelwatch.multivariate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot's optional multivariate section: written, read back to the same errors, absent in old files. */
class MultivariateSnapshotTest {

    private static Snapshot base() {
        NumericReference a = new NumericReference("a", 3, 0, 0, 1, 1, 0, 2, new double[] {0, 1, 2}, new long[] {1, 1, 1}, new double[0]);
        return new Snapshot("m", 0, 3_600_000, 3, 2, 0, List.of(a), List.of());
    }

    @Test
    void roundTripKeepsTheModelAndEmbeddings(@TempDir Path dir) throws Exception {
        double[][] rows = new double[200][];
        long[] chunk = new long[200];
        for (int i = 0; i < rows.length; i++) {
            double t = i * 0.1;
            rows[i] = new double[] {Math.sin(t), Math.sin(t) * 2 + 0.01 * Math.cos(7 * t), Math.cos(3 * t)};
            chunk[i] = i / 20;
        }
        ReconstructionModel m = ReconstructionModel.fit(new String[] {"x", "y", "z"}, new double[] {0, 0, 0},
                new double[] {1, 2, 1}, rows, chunk, 5);
        EmbeddingReference e = new EmbeddingReference("emb", 3, 10, 1, 2, new double[] {0.5, -1, 2}, 1.25, true);
        Snapshot s = base().withMultivariate(new MultivariateSnapshot(m, rows, List.of(e)));
        Path file = SnapshotFiles.write(dir, s);
        Snapshot back = SnapshotFiles.read(file).withGrid(0);
        MultivariateSnapshot mv = back.multivariate();
        assertThat(mv).isNotNull();
        ReconstructionModel r = mv.reconstruction;
        assertThat(r.features()).containsExactly("x", "y", "z");
        assertThat(r.components()).isEqualTo(m.components());
        assertThat(r.threshold()).isEqualTo(m.threshold());
        assertThat(r.outlierThreshold()).isEqualTo(m.outlierThreshold());
        double[] s1 = m.scratch(), s2 = r.scratch();
        for (double[] row : new double[][] {{1, -2, 0.5}, {Double.NaN, 3, 1}}) {
            assertThat(r.error(row, s2)).isEqualTo(m.error(row, s1));
        }
        EmbeddingReference eb = mv.embedding("emb");
        assertThat(eb.dim).isEqualTo(3);
        assertThat(eb.centroid()).containsExactly(0.5, -1, 2);
        assertThat(eb.spread).isEqualTo(1.25);
        assertThat(eb.invalid).isEqualTo(2);
        // the joint sample is in the file (contract 2b) though not read back to score
        String text = Files.readString(file);
        assertThat(text).contains("\"joint_sample_rows\" : 200");
        // streamed into the file as base64 of little-endian float64, row after row
        JsonNode joint = new ObjectMapper().readTree(text).path("multivariate").path("reconstruction").path("joint_sample");
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(joint.asText()))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(200 * 3 * 8);
        for (double[] row : rows) for (double v : row) assertThat(bytes.getDouble()).isEqualTo(v);
    }

    @Test
    void aSnapshotWithoutTheSectionLoadsWithoutIt(@TempDir Path dir) throws Exception {
        Path file = SnapshotFiles.write(dir, base());
        assertThat(Files.readString(file)).doesNotContain(MultivariateSnapshot.SECTION);
        assertThat(SnapshotFiles.read(file).multivariate()).isNull();
    }
}
