package io.modelwatch.influx;

import io.modelwatch.testing.InfluxServer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink against a real influxd: what goes in comes back through InfluxQL, hostile names included. */
class InfluxSinkITCase {

    @RegisterExtension
    @Order(1)
    static final InfluxServer INFLUX = new InfluxServer();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path tmp;

    private void runJob(List<Point> points, String database) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Point> stream = env.fromData(points, TypeInformation.of(Point.class));
        SinkSpec spec = SinkSpec.parse(INFLUX.sinkSpec(database)).withCreateDatabase(true)
                .withDeadLetter(tmp.resolve("dead.jsonl"));
        PointSinks.sinkTo(stream, spec);
        env.execute("influx-it");
    }

    private static long count(String db, String influxql) {
        List<Map<String, Object>> rows = INFLUX.rows(db, influxql);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }

    @Test
    void pointsReadBackWithTheSameFieldsTypesAndValuesAndARerunLeavesTheCountEqual() throws Exception {
        List<Point> points = new ArrayList<>();
        long t0 = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 300; i++) {
            points.add(Point.builder("feature_drift").tag("model", "m" + (i % 3)).tag("feature", "f" + (i % 10))
                    .tag("window", "1h").intField("count", 1000 + i).field("psi", i / 7.0).field("degenerate", i % 2 == 0)
                    .field("drift_level", i % 5 == 0 ? "high" : "low").timeNanos(t0 + (i / 30) * 3_600_000_000_000L)
                    .build());
        }
        runJob(points, "readback");

        assertThat(count("readback", "SELECT count(psi) FROM feature_drift")).isEqualTo(300);
        // Types as InfluxDB stores them.
        Map<String, String> types = new java.util.HashMap<>();
        for (Map<String, Object> r : INFLUX.rows("readback", "SHOW FIELD KEYS FROM feature_drift")) {
            types.put((String) r.get("fieldKey"), (String) r.get("fieldType"));
        }
        assertThat(types).containsEntry("count", "integer").containsEntry("psi", "float")
                .containsEntry("degenerate", "boolean").containsEntry("drift_level", "string");
        // Values, point by point.
        Point p = points.get(137);
        List<Map<String, Object>> rows = INFLUX.rows("readback", "SELECT * FROM feature_drift WHERE model='"
                + p.tag("model") + "' AND feature='" + p.tag("feature") + "' AND time = " + p.timestampNanos);
        assertThat(rows).hasSize(1);
        assertThat(((Number) rows.get(0).get("count")).longValue()).isEqualTo(1137);
        assertThat(((Number) rows.get(0).get("psi")).doubleValue()).isEqualTo(137 / 7.0);
        assertThat(rows.get(0).get("degenerate")).isEqualTo(false);
        assertThat(rows.get(0).get("drift_level")).isEqualTo("low");
        assertThat(rows.get(0).get("window")).isEqualTo("1h");

        runJob(points, "readback");
        assertThat(count("readback", "SELECT count(psi) FROM feature_drift")).isEqualTo(300);
        assertThat(Files.exists(tmp.resolve("dead.influx-rejected.jsonl"))).isFalse();
    }

    @Test
    void namesThatTryToInjectLineProtocolComeBackAsOneSeriesEach() throws Exception {
        String tenKb = "x".repeat(10_000) + " , = \"";
        List<String> names = List.of("x\nfake,host=a value=1", "quo\"ted'", "back\\slash", "trailing\\",
                "a,b", "a=b", "a b", "", tenKb, "naïve-名前-ß", "multi\\\\", "comma\\,after", "x\\ny");
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            points.add(Point.builder("feature_drift").tag("model", "evil").tag("feature", names.get(i))
                    .tag("window", "1h").field("psi", i).timeNanos(1_000L).build());
        }
        runJob(points, "names");

        List<String> stored = new ArrayList<>();
        for (Map<String, Object> r : INFLUX.rows("names", "SHOW TAG VALUES FROM feature_drift WITH KEY = feature")) {
            stored.add((String) r.get("value"));
        }
        // One series per name (the empty name has no feature tag), nothing else: no measurement, tag or host.
        assertThat(INFLUX.rows("names", "SHOW SERIES")).hasSize(names.size());
        assertThat(INFLUX.rows("names", "SHOW MEASUREMENTS")).extracting(r -> r.get("name")).containsExactly("feature_drift");
        assertThat(INFLUX.rows("names", "SHOW TAG KEYS")).extracting(r -> r.get("tagKey"))
                .containsExactlyInAnyOrder("feature", "model", "window");
        assertThat(stored).containsExactlyInAnyOrder(
                "x\\nfake,host=a value=1",  // the newline as the two characters \n
                "quo\"ted'", "back\\slash",
                "trailing\\_",               // InfluxDB 1.x cannot store a trailing backslash: '_' is appended
                "a,b", "a=b", "a b", tenKb, "naïve-名前-ß",
                "multi\\\\_",
                "comma\\\\,after",           // 1.6 does not unescape \\ before a separator: the backslash doubles
                "x\\ny");
        assertThat(count("names", "SELECT count(psi) FROM feature_drift")).isEqualTo(names.size());
        assertThat(Files.exists(tmp.resolve("dead.influx-rejected.jsonl"))).isFalse();
    }

    @Test
    void linesInfluxDbRefusesGoToTheDeadLetterFileAndTheRestIsWritten() throws Exception {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Point.Builder b = Point.builder("conflict").tag("k", "k" + i);
            points.add((i == 13 ? b.field("v", "a string") : b.field("v", (double) i)).timeNanos(1_000L + i).build());
        }
        INFLUX.createDatabase("conflicts");
        // Fix the type first so line 13 is the one InfluxDB refuses, whatever the batch order.
        runJob(List.of(Point.builder("conflict").tag("k", "seed").field("v", 0.5).timeNanos(1L).build()), "conflicts");
        runJob(points, "conflicts");

        assertThat(count("conflicts", "SELECT count(v) FROM conflict")).isEqualTo(20);
        // refused lines go beside the job's dead letters (dead.jsonl), in their own file
        List<String> dead = Files.readAllLines(tmp.resolve("dead.influx-rejected.jsonl"));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0)).contains("conflict,k=k13 v=\\\"a string\\\" 1013").contains("field type conflict");
    }

    @Test
    void unknownDatabaseIsAOneLineStartupErrorSuggestingCreateDb() {
        SinkSpec spec = SinkSpec.parse(INFLUX.sinkSpec("nosuchdb"));
        assertThatThrownBy(() -> InfluxClient.forSpec(spec, InfluxCredentials.none()).checkReady(false))
                .isInstanceOf(InfluxSetupException.class)
                .hasMessage("InfluxDB at " + INFLUX.url() + " has no database 'nosuchdb': create it or pass "
                        + "--influx-create-db");
        InfluxClient.forSpec(spec, InfluxCredentials.none()).checkReady(true);
        assertThat(INFLUX.rows(null, "SHOW DATABASES")).extracting(r -> r.get("name")).contains("nosuchdb");
    }

    @Test
    void unknownRetentionPolicyIsAOneLineStartupError() {
        SinkSpec spec = SinkSpec.parse(INFLUX.sinkSpec("rpdb")).withRetentionPolicy("nope");
        assertThatThrownBy(() -> InfluxClient.forSpec(spec, InfluxCredentials.none()).checkReady(true))
                .isInstanceOf(InfluxSetupException.class).hasMessageContaining("no retention policy 'nope'")
                .hasMessageContaining("--influx-retention-policy");
    }

    @Test
    void unreachableHostIsAOneLineStartupErrorNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SinkSpec spec = SinkSpec.parse("influx:http://127.0.0.1:" + port + "/db");
        assertThatThrownBy(() -> InfluxClient.forSpec(spec, InfluxCredentials.none()).checkReady(false))
                .isInstanceOf(InfluxSetupException.class)
                .hasMessageStartingWith("cannot reach InfluxDB at http://127.0.0.1:" + port)
                .hasMessageContaining("--sink influx:http://127.0.0.1:" + port + "/db")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
