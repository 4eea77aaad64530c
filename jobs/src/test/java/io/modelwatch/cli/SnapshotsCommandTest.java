package io.modelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.ReferenceStatistics;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshots list} and {@code snapshots diff}. The diff's oracle is closed form: x is 0..999 in A and the
 * same values + 100 in B, so ks_stat is 0.1, mean_shift and wasserstein are 100 / std(0..999) = 0.34641, std_shift
 * 0; y is the same in both (every statistic 0), so x, whose psi is largest, comes first.
 */
class SnapshotsCommandTest {
    @TempDir Path dir;

    static Snapshot snapshot(double shift, String validFrom) {
        double[] x = new double[1000], y = new double[1000];
        for (int i = 0; i < 1000; i++) {
            x[i] = i + shift;
            y[i] = i % 17;
        }
        java.util.Arrays.sort(y);
        NumericReference rx = ReferenceStatistics.numeric("x", x, 0, 0, 100, 10_000);
        NumericReference ry = ReferenceStatistics.numeric("y", y, 0, 0, 100, 10_000);
        CategoricalReference c = new CategoricalReference("c", 10, 0, 0, new String[] {"a"}, new long[] {10});
        long t = Instant.parse(validFrom).toEpochMilli();
        return new Snapshot("fraud", t - 86_400_000L, t, 1000, 100, 10_000, List.of(rx, ry), List.of(c)).withValidFrom(t);
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void listShowsEverySnapshotOfTheFolderByModelAndValidFrom() throws Exception {
        SnapshotFiles.write(dir, snapshot(100, "2026-11-25T00:00:00Z"));
        SnapshotFiles.write(dir, snapshot(0, "2026-11-24T00:00:00Z"));
        Run r = run("snapshots", "list", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("model").contains("valid_from").contains("records");
        assertThat(lines.get(1)).startsWith("fraud").contains("2026-11-24T00:00:00Z").contains(" 1000 ")
                .contains("2026-11-23T00:00:00Z..2026-11-24T00:00:00Z").endsWith("fraud@20261124T000000Z.snapshot.json");
        assertThat(lines.get(2)).contains("2026-11-25T00:00:00Z").endsWith("fraud@20261125T000000Z.snapshot.json");
    }

    @Test
    void diffPutsTheShiftedFeatureFirstWithItsStatistics() throws Exception {
        Path a = SnapshotFiles.write(dir, snapshot(0, "2026-11-24T00:00:00Z"));
        Path b = SnapshotFiles.write(dir, snapshot(100, "2026-11-25T00:00:00Z"));
        Run r = run("snapshots", "diff", a.toString(), b.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("fraud@2026-11-24T00:00:00Z").contains("fraud@2026-11-25T00:00:00Z");
        List<String> x = List.of(lines.get(2).trim().split("\\s+"));
        assertThat(x.subList(0, 2)).containsExactly("x", "numeric");
        double sd = Math.sqrt((1000.0 * 1000 - 1) / 12); // population std of 0..999
        assertThat(Double.parseDouble(x.get(3))).isEqualTo(0.1);
        assertThat(Double.parseDouble(x.get(4))).isCloseTo(100 / sd, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(Double.parseDouble(x.get(5))).isCloseTo(100 / sd, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(Double.parseDouble(x.get(6))).isEqualTo(0.0);
        String y = lines.stream().filter(l -> l.startsWith("y ")).findFirst().orElseThrow();
        assertThat(List.of(y.trim().split("\\s+")).subList(2, 7)).containsOnly("0.000");
    }

    @Test
    void anUnreadableSnapshotIsAOneLineUsageError() {
        Run r = run("snapshots", "diff", dir.resolve("nope.snapshot.json").toString(), dir.resolve("b").toString());
        assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines().toList()).hasSize(1);
    }
}
