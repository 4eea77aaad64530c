package io.modelwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real InfluxDB 1.x ({@code influxd run -config /dev/null}) on free 127.0.0.1 ports with its data in a
 * temporary directory under {@code target/}, for one test class:
 *
 * <pre>{@code @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();}</pre>
 *
 * <p>If influxd cannot be started the test fails with the reason (bin/test installs Debian's {@code influxdb}
 * package); it is never skipped. Also usable without JUnit: {@link #start()} and {@link #close()}.
 */
public final class InfluxServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final boolean auth;
    private final Map<String, String> extraEnv = new HashMap<>();
    private Path dir;
    private int httpPort;
    private int rpcPort;
    private Process process;

    public InfluxServer() {
        this(false);
    }

    private InfluxServer(boolean auth) {
        this.auth = auth;
    }

    /** With {@code INFLUXDB_HTTP_AUTH_ENABLED=true} and an admin user {@link #ADMIN_USER}/{@link #ADMIN_PASSWORD}. */
    public static InfluxServer withAuth() {
        return new InfluxServer(true);
    }

    /** An extra {@code INFLUXDB_*} setting, e.g. {@code INFLUXDB_HTTP_MAX_BODY_SIZE=0}. */
    public InfluxServer with(String env, String value) {
        extraEnv.put(env, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public InfluxServer start() {
        try {
            Path targetDir = Paths.get("target").toAbsolutePath();
            Files.createDirectories(targetDir);
            dir = Files.createTempDirectory(targetDir, "influxd-");
            httpPort = freePort();
            rpcPort = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
        if (auth) {
            // With no users yet, InfluxDB lets anyone create the first admin.
            post("/query", "q=" + enc("CREATE USER " + ADMIN_USER + " WITH PASSWORD '" + ADMIN_PASSWORD
                    + "' WITH ALL PRIVILEGES"), false);
        }
        return this;
    }

    private void launch() {
        ProcessBuilder pb = new ProcessBuilder("influxd", "run", "-config", "/dev/null");
        Map<String, String> env = pb.environment();
        env.put("INFLUXDB_HTTP_BIND_ADDRESS", "127.0.0.1:" + httpPort);
        env.put("INFLUXDB_BIND_ADDRESS", "127.0.0.1:" + rpcPort);
        env.put("INFLUXDB_META_DIR", dir.resolve("meta").toString());
        env.put("INFLUXDB_DATA_DIR", dir.resolve("data").toString());
        env.put("INFLUXDB_DATA_WAL_DIR", dir.resolve("wal").toString());
        env.put("INFLUXDB_REPORTING_DISABLED", "true");
        env.put("INFLUXDB_MONITOR_STORE_ENABLED", "false");
        env.put("INFLUXDB_HTTP_LOG_ENABLED", "false");
        env.put("INFLUXDB_DATA_QUERY_LOG_ENABLED", "false");
        env.put("INFLUXDB_HTTP_AUTH_ENABLED", Boolean.toString(auth));
        env.putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start influxd (" + e.getMessage() + "): install Debian's influxdb "
                    + "package (bin/test does: apt-get install -y influxdb)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited with status " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 204) return;
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(50);
        }
        close();
        throw new IllegalStateException("influxd did not answer /ping within 20 s: " + logTail());
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The {@code --sink} spec for a database on this server. */
    public String sinkSpec(String database) {
        return "influx:" + url() + "/" + database;
    }

    /** Kills influxd with SIGKILL (no clean shutdown), keeping its data for {@link #restart()}. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts influxd again on the same ports and data. */
    public void restart() {
        launch();
    }

    /** Runs InfluxQL (as the admin when auth is on) and returns the parsed JSON answer; fails on an error. */
    public JsonNode query(String influxql) {
        return query(null, influxql);
    }

    public JsonNode query(String database, String influxql) {
        String body = (database == null ? "" : "db=" + enc(database) + "&") + "q=" + enc(influxql);
        JsonNode json = post("/query", body, auth);
        JsonNode err = json.path("results").path(0).path("error");
        if (!err.isMissingNode()) throw new IllegalStateException(influxql + ": " + err.asText());
        return json;
    }

    /** The rows of the first series of the first result, as {column: value} maps in order. */
    public List<Map<String, Object>> rows(String database, String influxql) {
        JsonNode series = query(database, influxql).path("results").path(0).path("series");
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (JsonNode s : series) {
            List<String> cols = new java.util.ArrayList<>();
            s.path("columns").forEach(c -> cols.add(c.asText()));
            for (JsonNode v : s.path("values")) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 0; i < cols.size(); i++) row.put(cols.get(i), JSON.convertValue(v.get(i), Object.class));
                out.add(row);
            }
        }
        return out;
    }

    public void createDatabase(String database) {
        query("CREATE DATABASE \"" + database + "\"");
    }

    private JsonNode post(String path, String form, boolean withAuth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (withAuth) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(r.body());
            if (r.statusCode() / 100 != 2) throw new IllegalStateException(path + " " + form + ": " + r.body());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
            dir = null;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("influxd.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
