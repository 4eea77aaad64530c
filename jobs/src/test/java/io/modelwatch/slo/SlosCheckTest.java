package io.modelwatch.slo;

import io.modelwatch.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code modelwatch slos check FILE} and the SLO file parser behind it. */
class SlosCheckTest {

    static Path shippedSlos() {
        Path p = Paths.get("../deploy/alerts/slos.yaml");
        return Files.exists(p) ? p : Paths.get("deploy/alerts/slos.yaml");
    }

    @Test
    void theShippedFileHoldsTheSeedsThreeObjectives() {
        SloSet slos = SloFile.load(shippedSlos());
        assertThat(slos.all()).extracting(Slo::name).containsExactly("availability", "latency", "errors");
        assertThat(slos.all()).extracting(Slo::objective).containsExactly(99.9, 99.0, 99.9);
        assertThat(slos.all()).extracting(s -> s.good().toString())
                .containsExactly("status in (ok, fallback)", "latency_ms <= 500", "status in (ok, fallback)");
        assertThat(slos.all()).allSatisfy(s -> {
            assertThat(s.periodMillis()).isEqualTo(30L * 86_400_000L);
            assertThat(s.appliesTo("any-model")).isTrue();
        });
        Result r = check(shippedSlos());
        assertThat(r.status).isZero();
        assertThat(r.out).isEqualTo("ok: 3 SLOs\n");
    }

    @Test
    void eachProblemIsOneLineWithItsLineNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("slos.yaml");
        Files.writeString(file, String.join("\n",
                "slos:",                                   // 1
                "  - name: availability",                  // 2
                "    objective: 99.9",                     // 3
                "    good: status in (ok, fine)",          // 4
                "  - name: availability",                  // 5
                "    objective: 100",                      // 6
                "    good: latncy_ms <= 500",              // 7
                "    period: 30 days",                     // 8
                "  - name: 2fast",                         // 9
                "    objective: high",                     // 10
                "    good: latency_ms <= 500",             // 11
                "    windows: [5m]",                       // 12
                "  - name: ok_one",                        // 13
                "    models: [fraud-*, ranker]",           // 14
                "    objective: 99.5",                     // 15
                "    good: ttft_ms < 200",                 // 16
                "    period: 7d",                          // 17
                "  - name: no_good",                       // 18
                "    objective: 99",                       // 19
                ""));
        Result r = check(file);
        assertThat(r.status).isEqualTo(2);
        List<String> lines = r.err.lines().map(l -> l.substring(file.toString().length() + 1)).toList();
        assertThat(lines).containsExactly(
                "4: unknown status 'fine' (known: ok, error, timeout, fallback)",
                "5: SLO name 'availability' is already used at line 2",
                "6: objective 100 must be above 0 and below 100 (percent of good events)",
                "7: unknown field 'latncy_ms' (known: latency_ms, ttft_ms, confidence, retries, input_length, output_length)",
                "8: period '30 days' must be a duration of whole minutes, like 30d or 7d",
                "9: SLO name '2fast' must match [A-Za-z_][A-Za-z0-9_]*",
                "10: objective must be a number of percent, like 99.9",
                "12: unknown key 'windows' in an SLO (known: good, models, name, objective, period)",
                "18: an SLO needs 'good:' (like: status in (ok, fallback), or: latency_ms <= 500)");
        SloFile.Check check = SloFile.check(file);
        assertThat(check.slos().all()).extracting(Slo::toString)
                .containsExactly("ok_one: 99.5 % of [fraud-*, ranker] where ttft_ms < 200 over 7.0d");
        assertThatThrownBy(() -> SloFile.load(file))
                .hasMessage("--slos " + file + ":4: unknown status 'fine' (known: ok, error, timeout, fallback)"
                        + " (and 8 more; run: modelwatch slos check " + file + ")");
    }

    @Test
    void brokenYamlAndAMissingFileAreOneLineEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "slos:\n  - name: a\n    objective: [99\n");
        Result r = check(file);
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err.lines().count()).isEqualTo(1);
        assertThat(r.err).contains("not valid YAML");
        Result missing = check(dir.resolve("nope.yaml"));
        assertThat(missing.status).isEqualTo(2);
        assertThat(missing.err.lines().count()).isEqualTo(1);
        assertThat(missing.err).contains("cannot read SLO file");
    }

    record Result(int status, String out, String err) {}

    static Result check(Path file) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute("slos", "check", file.toString());
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
