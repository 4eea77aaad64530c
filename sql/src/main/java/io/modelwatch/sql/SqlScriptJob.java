package io.modelwatch.sql;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the SQL files of sql/ as one batch job, for a jar submitted to a Flink cluster (where there is no SQL client
 * and nothing can be collected): the statements of each file in order on a batch {@link TableEnvironment}
 * ({@code SET 'k' = 'v'} becomes configuration), with literal text replaced first (the analyst's paths such as
 * {@code /opt/modelwatch/modelwatch-sql.jar}, {@code /data/logs}, {@code /data/snapshots}), and the rows of the
 * last {@code SELECT} written as JSON lines files under the output folder (a filesystem table with the query's
 * schema).
 *
 * <pre>
 * SqlScriptJob --output DIR [--replace TEXT=WITH]... [--no-wait] FILE.sql...
 * </pre>
 *
 * {@code --no-wait} returns once the job is submitted: a jar run through the REST API ({@code /jars/<id>/run})
 * is detached, and its job client cannot wait for the result.
 */
public final class SqlScriptJob {
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");
    /** The filesystem table the last SELECT is written to. */
    static final String OUTPUT_TABLE = "modelwatch_sql_output";

    private SqlScriptJob() {
    }

    public static void main(String[] args) throws Exception {
        String output = null;
        boolean wait = true;
        Map<String, String> replace = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output" -> output = value(args, ++i, "--output");
                case "--replace" -> {
                    String r = value(args, ++i, "--replace");
                    int eq = r.indexOf('=');
                    if (eq <= 0) throw new IllegalArgumentException("--replace needs TEXT=WITH, got " + r);
                    replace.put(r.substring(0, eq), r.substring(eq + 1));
                }
                case "--no-wait" -> wait = false;
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    files.add(Path.of(args[i]));
                }
            }
        }
        if (output == null || files.isEmpty()) {
            throw new IllegalArgumentException(
                    "usage: SqlScriptJob --output DIR [--replace TEXT=WITH]... [--no-wait] FILE.sql...");
        }

        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        String lastSelect = null;
        for (Path file : files) {
            for (String statement : statements(Files.readString(file, StandardCharsets.UTF_8))) {
                String sql = statement;
                for (Map.Entry<String, String> r : replace.entrySet()) sql = sql.replace(r.getKey(), r.getValue());
                Matcher set = SET.matcher(sql);
                if (set.matches()) {
                    if (set.group(1).equals("execution.runtime-mode")) {
                        if (!set.group(2).equalsIgnoreCase("batch")) {
                            throw new IllegalArgumentException(file + ": SqlScriptJob runs in batch mode only");
                        }
                    } else {
                        env.getConfig().set(set.group(1), set.group(2));
                    }
                } else if (isQuery(sql)) {
                    lastSelect = sql; // only the last one is run
                } else {
                    env.executeSql(sql);
                }
            }
        }
        if (lastSelect == null) throw new IllegalArgumentException("no SELECT in " + files);

        Table result = env.sqlQuery(lastSelect);
        env.createTemporaryTable(OUTPUT_TABLE, TableDescriptor.forConnector("filesystem")
                .schema(Schema.newBuilder().fromResolvedSchema(result.getResolvedSchema()).build())
                .option("path", output)
                .format("json")
                .build());
        TableResult insert = result.insertInto(OUTPUT_TABLE).execute();
        if (wait) insert.await();
    }

    private static boolean isQuery(String sql) {
        String s = sql.stripLeading();
        return s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "WITH", 0, 4);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    /** The statements of a file: whole-line comments dropped, split at a ';' that ends a line. */
    static List<String> statements(String text) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) continue;
            sb.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = sb.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                sb.setLength(0);
            }
        }
        if (!sb.toString().isBlank()) throw new IOException("a statement without its closing ';': " + sb);
        return out;
    }
}
