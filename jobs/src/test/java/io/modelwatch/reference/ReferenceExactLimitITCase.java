package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reference} end to end on the MiniCluster, over 60,000 records (many chunks per feature, two subtasks):
 * with the default exact limit the quantile grid equals numpy's R-7; with {@code --exact-limit 1000} it comes from
 * the sketch and each quantile is within the snapshot's recorded rank error of numpy's. The data are the integer
 * formulas of tools/golden/reference_golden.py, whose numpy output is the oracle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceExactLimitITCase {
    private static final int G = 100;
    private static final List<String> FEATURES = List.of("perm", "skew", "ties");

    @TempDir static Path tmp;
    JsonNode golden;
    Snapshot exact, sketched;

    @BeforeAll
    void runReferences() throws Exception {
        // The golden file belongs to common's maths tests; it is the oracle here too (inside this repository).
        golden = new ObjectMapper().readTree(Path.of("..", "common", "src", "test", "resources", "reference",
                "sketch_golden.json").toFile());
        int n = golden.get("n").asInt();
        Path input = tmp.resolve("ref.jsonl");
        long t0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
        try (BufferedWriter w = Files.newBufferedWriter(input)) {
            for (long i = 0; i < n; i++) {
                long perm = (i * 7919) % 100003;
                w.write("{\"ts\":" + (t0 + i) + ",\"model\":\"m\",\"features\":{\"perm\":" + perm + ",\"skew\":"
                        + ((double) (perm * perm) / 1e4) + ",\"ties\":" + (perm % 50) + "}}\n");
            }
        }
        exact = run(input, "exact");
        sketched = run(input, "sketched", "--exact-limit", "1000", "--sample", "100");
    }

    private Snapshot run(Path input, String name, String... extra) throws Exception {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("reference", "--input", input.toString(), "--output",
                out.toString(), "--grid", String.valueOf(G), "--parallelism", "2"));
        args.addAll(List.of(extra));
        assertEquals(0, Main.execute(args.toArray(new String[0])), "reference exit status");
        return SnapshotFiles.read(SnapshotFiles.newestFile(out, "m"));
    }

    private double[] doubles(String feature, String field) {
        JsonNode a = golden.get("datasets").get(feature).get(field);
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).asDouble();
        return d;
    }

    @Test
    void underTheExactLimitTheQuantilesAreNumpysR7() {
        int m = golden.get("m").asInt();
        for (String f : FEATURES) {
            NumericReference r = exact.numeric(exact.numericIndex(f));
            double[] q = doubles(f, "quantiles");
            assertThat(r.rankError).as(f).isZero();
            assertThat(r.count).isEqualTo(golden.get("n").asLong());
            for (int i = 0; i <= G; i++) {
                double e = q[i * (m / G)];
                assertThat(r.quantiles[i]).as("%s p=%d/%d", f, i, G).isCloseTo(e, within(1e-12 * Math.max(1, Math.abs(e))));
            }
        }
    }

    @Test
    void beyondTheExactLimitTheQuantilesAreWithinTheRecordedRankErrorOfNumpys() {
        int m = golden.get("m").asInt();
        for (String f : FEATURES) {
            NumericReference r = sketched.numeric(sketched.numericIndex(f));
            double eps = r.rankError;
            assertThat(eps).as(f + " rank_error").isGreaterThan(0).isLessThan(1.0 / 1000);
            double[] q = doubles(f, "quantiles");
            for (int i = 1; i < G; i++) {
                double p = (double) i / G;
                int lo = (int) Math.max(0, Math.floor((p - eps) * m)), hi = (int) Math.min(m, Math.ceil((p + eps) * m));
                assertThat(r.quantiles[i]).as("%s p=%s", f, p).isBetween(q[lo], q[hi]);
            }
            JsonNode g = golden.get("datasets").get(f);
            assertThat(r.count).isEqualTo(g.get("count").asLong());
            assertThat(r.min).isEqualTo(g.get("min").asDouble());
            assertThat(r.max).isEqualTo(g.get("max").asDouble());
            assertThat(r.mean).isCloseTo(g.get("mean").asDouble(), within(1e-9 * Math.abs(g.get("mean").asDouble())));
            assertThat(r.sample).hasSize(100);
            assertThat(Arrays.stream(r.cellCounts).sum()).isEqualTo(r.count);
        }
    }
}
