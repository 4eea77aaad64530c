package io.modelwatch.cli;

import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LpLint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code modelwatch demo}: the README's first command works with no setup and shows the drift it injected. */
class DemoCommandITCase {

    @TempDir Path dir;

    @Test
    void theDemoRunsTheWholePathAndItsTopDriftedFeaturesAreTheInjectedOnes() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int status;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status = Main.execute("demo", "--output", dir.toString());
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();

        // The table of the most drifted features of the last window: its rows are the features the demo drifted.
        List<String> table = out.lines().dropWhile(l -> !l.startsWith("Most drifted features")).skip(2).limit(10)
                .collect(Collectors.toList());
        Set<String> drifted = Set.of("num_000", "num_003", "num_007", "cat_00", "flag_01");
        assertThat(table).hasSize(10).allSatisfy(row -> assertThat(drifted).contains(row.trim().split("\\s+")[1]));
        assertThat(out).contains("Serving figures per window:").contains("records read 12,000")
                .contains("report: " + dir.resolve("report.html"));
        assertThat(dir.resolve("report.html")).isNotEmptyFile();

        Path points = dir.resolve("points/backfill.lp");
        assertThat(points).exists();
        LpLint.assertPasses(points);
        List<LineProtocolReader.Line> lines = LineProtocolReader.read(points);
        assertThat(lines).anyMatch(l -> l.measurement.equals("model_serving"))
                .anyMatch(l -> l.measurement.equals("pipeline"));
        assertThat(Files.readAllLines(dir.resolve("points/backfill.dead-letter.jsonl"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("\"reason\""));
    }
}
