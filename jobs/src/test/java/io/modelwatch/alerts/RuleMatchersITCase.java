package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PromQL-style matchers in rule expressions (contract 6): parsing, checking, and rules in a real job. */
class RuleMatchersITCase {
    static final long MIN = 60_000;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path dir;

    private AlertRules.Check check(String... lines) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return AlertRules.check(file);
    }

    static String rule(String name, String expr) {
        return "      - alert: " + name + "\n        expr: '" + expr + "'\n        labels: {severity: P2}";
    }

    @Test
    void matchersAreReadOnThresholdAndAbsenceRules() throws Exception {
        AlertRules.Check c = check("groups:", "  - name: g", "    rules:",
                rule("A", "feature_drift.drift_score{model=\"fraud\", feature=~\"num_.*\", segment!=\"__other\"} > 4"),
                rule("B", "absent(model_serving{model=\"ranker\"})"),
                rule("C", "slo.burn_rate{slo=\"availability\", window!~\"5m|30m\"} > 10"),
                rule("D", "model_serving.error_rate{model=\"a,b}\\\"c\"} > 0.5"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.rules().all()).extracting(AlertRule::expr).containsExactly(
                "feature_drift.drift_score{model=\"fraud\", feature=~\"num_.*\", segment!=\"__other\"} > 4",
                "absent(model_serving{model=\"ranker\"})",
                "slo.burn_rate{slo=\"availability\", window!~\"5m|30m\"} > 10",
                "model_serving.error_rate{model=\"a,b}\\\"c\"} > 0.5");
        assertThat(c.rules().get("D").matchers().get(0).matches(serving("a,b}\"c", 0, 0))).isTrue();
    }

    @Test
    void anUnknownTagAndABadRegexAreOneLineEachWithTheLineNumber() throws Exception {
        AlertRules.Check c = check("groups:", "  - name: g", "    rules:",
                rule("A", "model_serving.error_rate{modle=\"a\"} > 0.05"),          // expr on line 5
                rule("B", "feature_drift.psi{feature=~\"num_(\"} > 0.2"),           // line 8
                rule("C", "absent(host{gpu=\"0\", host=~\"[\"})"),                 // line 11: two problems
                rule("D", "model_serving.error_rate{model=a} > 0.05"));             // line 14
        assertThat(c.problems()).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "5: unknown tag 'modle' of measurement model_serving (known: model, segment, window)",
                "8: bad regular expression 'num_(' for tag feature: Unclosed group near index 5",
                "11: unknown tag 'gpu' of measurement host (known: host)",
                "11: bad regular expression '[' for tag host: Unclosed character class near index 0",
                "14: cannot read the selector of expr 'model_serving.error_rate{model=a} > 0.05': the value of model"
                        + " must be quoted (\"value\")");
    }

    @Test
    void regexMatchersAreAnchoredAndAMissingTagIsEmpty() {
        Point fraud = serving("fraud", 0, 0);
        assertThat(new TagMatcher("model", TagMatcher.Op.MATCHES, "fr").matches(fraud)).isFalse();
        assertThat(new TagMatcher("model", TagMatcher.Op.MATCHES, "fr.*").matches(fraud)).isTrue();
        assertThat(new TagMatcher("model", TagMatcher.Op.MATCHES, "raud").matches(fraud)).isFalse();
        assertThat(new TagMatcher("model", TagMatcher.Op.NOT_MATCHES, "fr").matches(fraud)).isTrue();
        assertThat(new TagMatcher("segment", TagMatcher.Op.NOT_EQUAL, "__other").matches(fraud)).isTrue();
        assertThat(new TagMatcher("segment", TagMatcher.Op.EQUAL, "").matches(fraud)).isTrue();
        assertThat(new TagMatcher("segment", TagMatcher.Op.EQUAL, "x").matches(fraud)).isFalse();
    }

    static Point serving(String model, long minute, double errorRate) {
        return Point.builder("model_serving").tag("model", model).tag("window", "1m")
                .intField("count", 120).field("error_rate", errorRate).timeMillis(minute * MIN).build();
    }

    @Test
    void inAJobARuleOnOneModelNeverFiresForAnotherAndARegexIsAnchored() throws Exception {
        AlertRules rules = check("groups:", "  - name: g", "    rules:",
                rule("ErrorsOfA", "model_serving.error_rate{model=\"a\"} > 0.05"),
                rule("ErrorsOfFr", "model_serving.error_rate{model=~\"fr\"} > 0.05"),
                rule("ErrorsOfFrAnything", "model_serving.error_rate{model=~\"fr.*\"} > 0.05"),
                rule("SilentButB", "absent(model_serving{model!=\"b\"})")).rules();
        assertThat(rules.size()).isEqualTo(4);
        // 30 minutes: a, b and fraud all have error_rate 0.2 in minutes 5..9; b stops sending after minute 14
        List<Point> points = new ArrayList<>();
        for (int m = 0; m < 30; m++) {
            double rate = m >= 5 && m < 10 ? 0.2 : 0.01;
            points.add(serving("a", m, rate));
            points.add(serving("fraud", m, rate));
            if (m < 15) points.add(serving("b", m, rate));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(1);
        DataStream<Point> in = env.fromData(points).assignTimestampsAndWatermarks(AlertsITCase.watermarkPerPoint());
        env.setParallelism(2);
        List<String> alerts = new ArrayList<>();
        Alerts.evaluate(in, rules).executeAndCollect().forEachRemaining(p -> alerts.add(AlertsITCase.describe(p)));
        // ErrorsOfA: a only (b and fraud had the same spike); ErrorsOfFr: nothing, "fr" is not the whole of "fraud";
        // ErrorsOfFrAnything: fraud; SilentButB: b's silence is not watched, and a and fraud never stop
        assertThat(alerts).containsExactlyInAnyOrder(
                "ErrorsOfA P2 model=a firing at 5m", "ErrorsOfA P2 model=a resolved at 10m",
                "ErrorsOfFrAnything P2 model=fraud firing at 5m", "ErrorsOfFrAnything P2 model=fraud resolved at 10m");
    }
}
