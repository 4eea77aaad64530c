package io.modelwatch.sql;

import io.modelwatch.cli.Main;
import io.modelwatch.io.LogGenerator;
import io.modelwatch.testing.LineProtocolReader;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every .sql file under sql/ runs through a batch TableEnvironment on a small JSON lines table, with the functions
 * registered by sql/functions.sql itself ({@code CREATE ... FUNCTION ... USING JAR} on a jar of this module's
 * classes), and the drift report and serving figures equal what the real backfill job writes for the same
 * 1-hour windows. The analyst's paths in the files ({@code /data/logs}, {@code /data/snapshots},
 * {@code /opt/modelwatch/modelwatch-sql.jar}) are replaced by the test's.
 */
class SqlFilesITCase {
    static final Instant REF_FROM = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-25T03:00:00Z");
    static final String MODEL = "fraud-scorer";

    private static final java.util.regex.Pattern SET = java.util.regex.Pattern.compile("SET '([^']+)' = '([^']*)'");
    /** The functions sql/functions.sql registers (docs/sql.md). */
    static final List<String> FUNCTIONS = List.of("psi", "ks_stat", "ks_pvalue", "wasserstein", "mean_shift",
            "std_shift", "chi2_pvalue", "drift_score", "drift_level", "nearest_rank");
    static Path root;
    static Path work;
    static Path udfJar;
    /** feature_drift and model_serving points of the backfill, by measurement|tags|time. */
    static Map<String, Map<String, String>> backfill = new LinkedHashMap<>();

    @BeforeAll
    static void runTheJobs() throws Exception {
        root = Paths.get("").toAbsolutePath().getParent();
        work = Paths.get("target", "sql-it").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);

        LogGenerator.Config ref = new LogGenerator.Config();
        ref.models = List.of(MODEL);
        ref.numericFeatures = 6;
        ref.categoricalFeatures = 2;
        ref.eventsPerModel = 3000;
        ref.from = REF_FROM;
        ref.to = FROM;
        LogGenerator.generate(ref, work.resolve("reference-logs"), n -> { });
        LogGenerator.Config cur = new LogGenerator.Config();
        cur.models = ref.models;
        cur.numericFeatures = 6;
        cur.categoricalFeatures = 2;
        cur.eventsPerModel = 1800;
        cur.from = FROM;
        cur.to = TO;
        cur.driftFeatures = Set.of("num_000", "num_003", "cat_00");
        cur.driftFrom = Instant.parse("2026-11-25T01:00:00Z");
        cur.missingRate = 0.03;
        cur.errorRate = 0.04;
        cur.seed = 11;
        LogGenerator.generate(cur, work.resolve("logs"), n -> { });

        assertThat(Main.execute("reference", "--input", work.resolve("reference-logs").toString(), "--output",
                work.resolve("snapshots").toString())).isZero();
        Path lp = work.resolve("backfill.lp");
        assertThat(Main.execute("backfill", "--input", work.resolve("logs").toString(), "--reference",
                work.resolve("snapshots").toString(), "--from", FROM.toString(), "--to", TO.toString(), "--window", "1h",
                "--sink", "file:" + lp, "--dead-letter", work.resolve("dead-letter.jsonl").toString())).isZero();
        for (String line : Files.readAllLines(lp)) {
            String head = line.substring(0, line.indexOf(' '));
            if (!head.startsWith("feature_drift,") && !head.startsWith("model_serving,")) continue;
            // the project's reader: string fields may hold spaces and commas (reference, drift_alert_by)
            LineProtocolReader.Line point = LineProtocolReader.parse(line);
            Map<String, String> fields = new HashMap<>();
            point.fields.forEach((k, v) -> fields.put(k, String.valueOf(v)));
            backfill.put(head + "|" + point.timestamp / 1_000_000, fields);
        }
        assertThat(backfill).isNotEmpty();
        udfJar = jarOf(Paths.get("target", "classes"), work.resolve("modelwatch-sql-test.jar"));
    }

    @Test
    void everySqlFileRuns() throws Exception {
        List<Path> files = sqlFiles();
        assertThat(files).extracting(p -> root.relativize(p).toString()).contains("sql/functions.sql",
                "sql/ddl/predictions_files.sql", "sql/ddl/predictions_kafka.sql", "sql/queries/drift_report.sql",
                "sql/queries/top_drifted_features.sql", "sql/queries/serving_percentiles.sql");
        for (Path f : files) {
            String name = root.relativize(f).toString();
            // DDL and functions alone in a fresh environment (the Kafka table is only declared: no broker is read);
            // queries after the functions and the file table.
            boolean declaration = name.startsWith("sql/ddl/") || name.equals("sql/functions.sql");
            TableEnvironment env = declaration ? bare() : environment();
            List<Row> rows;
            if (declaration) {
                rows = run(env, f);
                if (name.startsWith("sql/ddl/")) {
                    assertThat(env.from("predictions").getResolvedSchema().getColumnNames()).as(name)
                            .contains("ts", "model", "latency_ms", "status", "confidence", "features");
                } else {
                    // Every function the file creates, by name: the ones docs/sql.md documents.
                    assertThat(env.listUserDefinedFunctions()).as(name).contains(FUNCTIONS.toArray(String[]::new));
                    assertThat(createdFunctions(f)).as(name + " creates exactly these").containsExactlyInAnyOrderElementsOf(FUNCTIONS);
                }
            } else {
                rows = query(env, f);
                assertThat(rows).as(name + " returns rows").isNotEmpty();
            }
            System.out.printf("%s: ran, %d rows%n", name, rows.size());
        }
    }

    @Test
    void driftReportEqualsTheBackfillForTheSameWindows() throws Exception {
        List<Row> rows = query(environment(), root.resolve("sql/queries/drift_report.sql"));
        int compared = 0;
        for (Row r : rows) {
            String feature = (String) r.getField("feature");
            Instant end = utc(r.getField("window_end"));
            String kind = r.getField("ks_stat") == null && r.getField("chi2_pvalue") != null ? "categorical" : "numeric";
            Map<String, String> b = backfill.get("feature_drift,feature=" + feature + ",kind=" + kind + ",model="
                    + r.getField("model") + ",window=1h|" + end.toEpochMilli());
            assertThat(b).as("backfill point for " + feature + " " + end).isNotNull();
            String what = feature + " @ " + end;
            assertThat((Long) r.getField("n_values")).as(what + " values").isEqualTo(
                    Long.parseLong(b.get("count")) + Long.parseLong(b.get("invalid")));
            for (String col : List.of("psi", "ks_stat", "ks_pvalue", "ks_qvalue", "wasserstein", "mean_shift",
                    "std_shift", "chi2_pvalue")) {
                Double sql = (Double) r.getField(col);
                String job = b.get(col);
                if (job == null) {
                    assertThat(sql).as(what + " " + col + " (not in the backfill's point)").isNull();
                } else {
                    double expected = Double.parseDouble(job);
                    assertThat(sql).as(what + " " + col).isNotNull();
                    assertThat(sql).as(what + " " + col).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
                }
            }
            if (b.containsKey("drift_level")) {
                assertThat(r.getField("drift_level")).as(what + " drift_level").isEqualTo(b.get("drift_level"));
                assertThat(String.valueOf(r.getField("drift_score"))).as(what + " drift_score").isEqualTo(b.get("drift_score"));
            }
            compared++;
        }
        long inputFeaturePoints = backfill.keySet().stream()
                .filter(k -> k.startsWith("feature_drift,") && !k.contains("feature=__")).count();
        assertThat(compared).as("every input feature of every window").isEqualTo(inputFeaturePoints).isEqualTo(3 * 8);
        assertThat(rows).filteredOn(r -> "high".equals(r.getField("drift_level")))
                .extracting(r -> r.getField("feature")).contains("num_000", "num_003", "cat_00");
    }

    @Test
    void servingPercentilesMatchTheBackfill() throws Exception {
        List<Row> rows = query(environment(), root.resolve("sql/queries/serving_percentiles.sql"));
        assertThat(rows).hasSize(3);
        for (Row r : rows) {
            Instant end = utc(r.getField("window_end"));
            Map<String, String> b = backfill.get("model_serving,model=" + MODEL + ",window=1h|" + end.toEpochMilli());
            assertThat(b).as("model_serving at " + end).isNotNull();
            assertThat(r.getField("requests")).isEqualTo(Long.parseLong(b.get("count")));
            assertThat((Double) r.getField("error_rate")).isCloseTo(Double.parseDouble(b.get("error_rate")), within(1e-12));
            assertThat((Double) r.getField("latency_mean")).isCloseTo(Double.parseDouble(b.get("latency_mean")), within(1e-6));
            for (String p : List.of("latency_p50", "latency_p90", "latency_p99")) {
                double job = Double.parseDouble(b.get(p));
                assertThat((Double) r.getField(p)).as(p + " at " + end + " (HdrHistogram: within 1 %)")
                        .isCloseTo(job, within(0.01 * job));
            }
        }
    }

    @Test
    void topDriftedFeaturesPutsTheDriftedOnesFirst() throws Exception {
        List<Row> rows = query(environment(), root.resolve("sql/queries/top_drifted_features.sql"));
        List<Object> top3 = rows.stream().filter(r -> ((Long) r.getField("rank_in_day")) <= 3)
                .map(r -> r.getField("feature")).toList();
        assertThat(top3).containsExactlyInAnyOrder("num_000", "num_003", "cat_00");
    }

    /** Window bounds are TIMESTAMP(3) in the session time zone (UTC here). */
    private static Instant utc(Object t) {
        return t instanceof Instant i ? i : ((java.time.LocalDateTime) t).toInstant(java.time.ZoneOffset.UTC);
    }

    // --- running the files ---

    private static TableEnvironment bare() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        env.getConfig().set("table.local-time-zone", "UTC");
        env.getConfig().set("parallelism.default", "2");
        return env;
    }

    private static TableEnvironment environment() throws Exception {
        TableEnvironment env = bare();
        run(env, root.resolve("sql/functions.sql"));
        run(env, root.resolve("sql/ddl/predictions_files.sql"));
        return env;
    }

    /** Runs a query file after the functions and the file table; returns the rows of its last SELECT. */
    private static List<Row> query(TableEnvironment env, Path file) throws Exception {
        return run(env, file);
    }

    private static List<Row> run(TableEnvironment env, Path file) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String statement : statements(Files.readString(file))) {
            String sql = statement.replace("'file:///data/logs'", "'file://" + work.resolve("logs") + "'")
                    .replace("'/data/snapshots'", "'" + work.resolve("snapshots") + "'")
                    .replace("'/opt/modelwatch/modelwatch-sql.jar'", "'" + udfJar + "'");
            java.util.regex.Matcher set = SET.matcher(sql);
            if (set.matches()) {
                // What the SQL client does with SET; a TableEnvironment takes configuration instead.
                if (set.group(1).equals("execution.runtime-mode")) {
                    assertThat(set.group(2)).as(file + ": these tests run in batch mode").isEqualTo("batch");
                } else {
                    env.getConfig().set(set.group(1), set.group(2));
                }
                continue;
            }
            TableResult result = env.executeSql(sql);
            if (sql.regionMatches(true, 0, "SELECT", 0, 6)) {
                rows.clear();
                try (CloseableIterator<Row> it = result.collect()) {
                    it.forEachRemaining(rows::add);
                }
            }
        }
        return rows;
    }

    /** The statements of a file, split as the cluster's {@link SqlScriptJob} splits them. */
    private static List<String> statements(String text) throws IOException {
        return SqlScriptJob.statements(text);
    }

    /** The names in the file's {@code CREATE ... FUNCTION [IF NOT EXISTS] name AS ...} statements. */
    private static List<String> createdFunctions(Path file) throws IOException {
        java.util.regex.Pattern create = java.util.regex.Pattern.compile(
                "(?is)CREATE\\s+(?:TEMPORARY\\s+)?(?:SYSTEM\\s+)?FUNCTION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s+AS.*");
        List<String> out = new ArrayList<>();
        for (String st : statements(Files.readString(file))) {
            java.util.regex.Matcher m = create.matcher(st);
            if (m.matches()) out.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private static List<Path> sqlFiles() throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve("sql"))) {
            return s.filter(p -> p.toString().endsWith(".sql") && !p.toString().contains("/target/")
                    && !p.toString().contains("/src/")).sorted().toList();
        }
    }

    private static Path jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, j);
                j.closeEntry();
            }
        }
        return jar;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
