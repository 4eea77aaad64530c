package io.modelwatch.alerts;

import io.modelwatch.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code modelwatch rules check FILE} and the parser behind it. */
class RulesCheckTest {

    static Path resource(String name) throws URISyntaxException {
        return Paths.get(RulesCheckTest.class.getResource("/alerts/" + name).toURI());
    }

    /** The shipped default, found from the module directory (surefire runs in jobs/). */
    static Path shippedRules() {
        Path p = Paths.get("../deploy/alerts/rules.yaml");
        return Files.exists(p) ? p : Paths.get("deploy/alerts/rules.yaml");
    }

    @Test
    void theShippedRulesAreTheSixDefaultsOfTheContractDataDriftBeyondReferenceAndModelAccuracyDrop() {
        AlertRules rules = AlertRules.load(shippedRules());
        assertThat(rules.all()).extracting(AlertRule::toString).containsExactly(
                "AIServiceDown: absent(model_serving) for 1m P0",
                "HighErrorRate: model_serving.error_rate > 0.05 for 5m P1",
                "HighLatency: model_serving.latency_p99 > 5000 for 10m P1",
                "GPUMemoryHigh: gpu.memory_percent > 90 for 5m P2",
                "ModelConfidenceDrop: model_serving.confidence_mean < 0.5 for 30m P2",
                "DataDriftDetected: feature_drift.drift_score > 4 for 15m P3",
                "DataDriftBeyondReference: feature_drift.drift_alert == 1 for 1h P3",
                "ModelAccuracyDrop: model_performance.accuracy < 0.8 for 1h P2");
        assertThat(rules.get("HighErrorRate").description()).isEqualTo("{{ $labels.model }}: error rate {{ $value }} over 5 minutes");
    }

    @Test
    void aGoodFileChecksOk() throws Exception {
        Result r = check(resource("good-rules.yaml"));
        assertThat(r.status).isZero();
        assertThat(r.out).isEqualTo("ok: 4 rules\n");
        AlertRules rules = AlertRules.load(resource("good-rules.yaml"));
        assertThat(rules.get("ZeroTraffic").forMillis()).isZero();
        assertThat(rules.get("ZeroTraffic").extraLabels()).containsEntry("team", "ml-platform");
        assertThat(rules.get("Retries").forMillis()).isEqualTo(90 * 60_000L);
        assertThat(rules.get("Retries").comparison()).isEqualTo(Comparison.GREATER_OR_EQUAL);
        assertThat(rules.get("HostGone").isAbsence()).isTrue();
    }

    @Test
    void eachProblemIsOneLineWithItsLineNumber() throws Exception {
        Path file = resource("bad-rules.yaml");
        Result r = check(file);
        assertThat(r.status).isEqualTo(2);
        List<String> lines = r.err.lines().map(l -> l.substring(file.toString().length() + 1)).toList();
        assertThat(lines).containsExactly(
                "5: unknown measurement 'model_servng' (known: feature_drift, gpu, host, input_quality, model_drift, model_performance, model_serving, multivariate_drift, pipeline, slo)",
                "9: unknown field 'error_ratio' of measurement model_serving",
                "13: bad operator '=>' in expr: use one of > >= < <= == !=",
                "18: bad duration 'for: 5 minutes': write it like 30s, 5m, 1h or 0",
                "23: missing severity: add 'severity: P0..P3' to labels",
                "28: severity 'P4' is not one of P0, P1, P2, P3",
                "30: field host.status is a string and cannot be compared with a number",
                "37: unsupported template '{{ $value | humanize }}': use {{ $labels.NAME }} or {{ $value }}",
                "40: unknown key 'fro' in a rule (known: alert, annotations, expr, for, labels)");
    }

    @Test
    void duplicateNamesMissingSeverityAndBrokenYamlAreFound(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, String.join("\n",
                "groups:",
                "  - name: g",
                "    rules:",
                "      - alert: A",
                "        expr: absent(host)",
                "      - alert: A",
                "        expr: absent(gpu)",
                "        labels: {severity: P1}",
                "      - record: job:rate",
                "        expr: host.load1 > 1",
                ""));
        assertThat(check(file).err.lines().map(l -> l.substring(file.toString().length() + 1)).toList()).containsExactly(
                "4: missing severity: add 'labels: {severity: P0..P3}'",
                "6: alert name 'A' is already used at line 4",
                "9: recording rules ('record:') are not supported; only 'alert:' rules");

        Files.writeString(file, "groups:\n  - name: g\n    rules: [\n      - alert: x\n");
        Result broken = check(file);
        assertThat(broken.status).isEqualTo(2);
        assertThat(broken.err).contains("not valid YAML");
    }

    @Test
    void loadRefusesAFileWithProblemsAsAUsageError() throws Exception {
        Path file = resource("bad-rules.yaml");
        assertThatThrownBy(() -> AlertRules.load(file))
                .isInstanceOf(RulesException.class)
                .hasMessageContaining(":5: unknown measurement")
                .hasMessageContaining("and 8 more");
    }

    @Test
    void aMissingFileIsAUsageError(@TempDir Path dir) {
        Result r = check(dir.resolve("nope.yaml"));
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).startsWith("modelwatch check: cannot read rules file").doesNotContain("Exception");
    }

    @Test
    void aBadIndentSaysWhereAndWhatToFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, String.join("\n",
                "groups:",
                "  - name: g",
                "    rules:",
                "      - alert: HighErrorRate",
                "        expr: model_serving.error_rate > 0.05",
                "         for: 5m",       // one space too many
                "        labels: {severity: P1}",
                ""));
        Result r = check(file);
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err.lines().toList()).as(r.err).hasSize(1);
        assertThat(r.err).startsWith(file + ":6: column 13: not valid YAML: mapping values are not allowed here")
                .contains("a ':' where a value was expected: indent a nested key under its parent key");

        Files.writeString(file, String.join("\n",
                "groups:",
                "  - name: g",
                "    rules:",
                "      - alert: HighErrorRate",
                "        expr: model_serving.error_rate > 0.05",
                "       for: 5m",         // one space too few
                ""));
        Result fewer = check(file);
        assertThat(fewer.err).as(fewer.err).startsWith(file + ":6: column 8: not valid YAML: ")
                .contains("expected <block end>, but found '<block mapping start>' (while parsing a block collection "
                        + "that starts at line 4, column 7)")
                .contains("line 6 is indented between the '-' of the list at line 4 (column 7) and the keys of its item: "
                        + "indent it like the keys of the item above it, or start a new item with '- ' at column 7");

        Files.writeString(file, "groups:\n  - name: g\n\trules: []\n");
        assertThat(check(file).err).contains(":3: column 1: not valid YAML: ")
                .contains("YAML indents with spaces only: replace the tab on line 3 with spaces");
    }

    record Result(int status, String out, String err) {}

    static Result check(Path file) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute("rules", "check", file.toString());
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
