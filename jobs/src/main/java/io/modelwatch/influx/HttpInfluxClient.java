package io.modelwatch.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link InfluxClient} over HTTP: {@code /ping}, {@code /query} and {@code /write} of InfluxDB 1.x, on the JDK's
 * {@link HttpClient} (https uses the JVM's trust store).
 */
final class HttpInfluxClient implements InfluxClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String database;
    private final String retentionPolicy;
    private final InfluxCredentials credentials;
    private final Duration timeout;
    private final HttpClient http;
    private final URI writeUri;

    HttpInfluxClient(URI base, String database, String retentionPolicy, InfluxCredentials credentials,
            Duration timeout) {
        this.base = URI.create(base.toString().replaceFirst("/+$", ""));
        this.database = database;
        this.retentionPolicy = retentionPolicy;
        this.credentials = credentials;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.writeUri = URI.create(this.base + "/write?db=" + enc(database) + "&precision=ns"
                + (retentionPolicy == null ? "" : "&rp=" + enc(retentionPolicy)));
    }

    @Override
    public String url() {
        return base + "/" + database;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public InfluxCredentials credentials() {
        return credentials;
    }

    @Override
    public void checkReady(boolean createDatabase) {
        HttpResponse<String> ping;
        try {
            ping = http.send(request("/ping").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InfluxSetupException("cannot reach InfluxDB at " + base + " (" + InfluxResponseClassifier.describe(e)
                    + "): check the host and port in --sink influx:" + url() + " and that influxd is running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfluxSetupException("interrupted while checking InfluxDB at " + base);
        }
        if (ping.statusCode() != 204 && ping.statusCode() != 200) {
            throw new InfluxSetupException(base + "/ping answered " + ping.statusCode()
                    + ": is that InfluxDB 1.x? check --sink influx:" + url());
        }
        JsonNode dbs = queryOrFail("SHOW DATABASES");
        boolean exists = false;
        for (JsonNode row : dbs.path("results").path(0).path("series").path(0).path("values")) {
            if (database.equals(row.path(0).asText())) exists = true;
        }
        if (!exists) {
            if (!createDatabase) {
                throw new InfluxSetupException("InfluxDB at " + base + " has no database '" + database
                        + "': create it or pass --influx-create-db");
            }
            queryOrFail("CREATE DATABASE " + quoteIdent(database));
        }
        if (retentionPolicy != null) {
            boolean found = false;
            for (JsonNode row : queryOrFail("SHOW RETENTION POLICIES ON " + quoteIdent(database))
                    .path("results").path(0).path("series").path(0).path("values")) {
                if (retentionPolicy.equals(row.path(0).asText())) found = true;
            }
            if (!found) {
                throw new InfluxSetupException("database '" + database + "' on " + base + " has no retention policy '"
                        + retentionPolicy + "': fix --influx-retention-policy or create it (CREATE RETENTION POLICY)");
            }
        }
    }

    @Override
    public JsonNode queryOrFail(String influxql) {
        HttpResponse<String> r;
        try {
            HttpRequest req = request("/query?db=" + enc(database) + "&q=" + enc(influxql))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InfluxSetupException("cannot reach InfluxDB at " + base + " (" + InfluxResponseClassifier.describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfluxSetupException("interrupted while querying InfluxDB at " + base);
        }
        String err = null;
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
            err = json.path("error").isMissingNode() ? json.path("results").path(0).path("error").asText(null)
                    : json.path("error").asText();
        } catch (IOException e) {
            err = InfluxResponseClassifier.errorText(r.body());
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new InfluxSetupException(InfluxResponseClassifier.fatalMessage(r.statusCode(), r.body(), url(), database,
                    credentials));
        }
        if (r.statusCode() / 100 != 2 || err != null) {
            throw new InfluxSetupException("InfluxDB at " + base + " refused '" + influxql + "': "
                    + (err == null ? "status " + r.statusCode() : err));
        }
        return json;
    }

    /** One {@code POST /write?db=..&precision=ns[&rp=..]}. */
    @Override
    public CompletableFuture<WriteAnswer> write(byte[] body, boolean gzipped) {
        HttpRequest.Builder b = HttpRequest.newBuilder(writeUri).timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzipped) b.header("Content-Encoding", "gzip");
        credentials.authorizationHeader().ifPresent(h -> b.header("Authorization", h));
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new WriteAnswer(r.statusCode(), r.body()));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout);
        credentials.authorizationHeader().ifPresent(h -> b.header("Authorization", h));
        return b;
    }

    private static String quoteIdent(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpInfluxClient[" + url() + (retentionPolicy == null ? "" : ", rp=" + retentionPolicy) + ", "
                + credentials + "]";
    }
}
