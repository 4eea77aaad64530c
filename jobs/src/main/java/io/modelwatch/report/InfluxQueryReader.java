package io.modelwatch.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.modelwatch.influx.InfluxCredentials;
import io.modelwatch.influx.Point;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the report's measurements back from InfluxDB 1.x with InfluxQL over {@code GET /query} (v1 API, as the
 * sink writes through v1 {@code /write}): {@code SELECT * FROM m WHERE time >= from AND time < to [AND model = M]
 * GROUP BY *}, always bounded in time (an unbounded query scans everything), {@code epoch=ns}, and
 * {@code chunked=true} so a week of 1000 features streams in chunks of 10,000 rows instead of one document.
 * Credentials as the sink takes them ({@link InfluxCredentials}).
 */
final class InfluxQueryReader {
    static final List<String> MEASUREMENTS = List.of("feature_drift", "model_drift", "model_serving", "model_performance", "slo", "alerts");
    private static final JsonFactory JSON = new JsonFactory();

    private final URI base;
    private final String database;
    private final InfluxCredentials credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code url} is {@code http://HOST:PORT/DATABASE}, as in {@code --sink influx:URL}. */
    InfluxQueryReader(String url, InfluxCredentials credentials) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ReportException("--influx " + url + ": not a URL (expected http://HOST:8086/DATABASE)");
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null || path.isEmpty() || path.contains("/")) {
            throw new ReportException("--influx " + url + ": expected http://HOST:8086/DATABASE");
        }
        this.base = URI.create(u.getScheme() + "://" + u.getRawAuthority());
        this.database = path;
        this.credentials = credentials;
    }

    long read(Instant from, Instant to, String model, Consumer<Point> sink) {
        long n = 0;
        for (String m : MEASUREMENTS) n += read(m, from, to, model, sink);
        return n;
    }

    private long read(String measurement, Instant from, Instant to, String model, Consumer<Point> sink) {
        String q = "SELECT * FROM \"" + measurement + "\" WHERE time >= '" + from + "' AND time < '" + to + "'"
                + (model == null ? "" : " AND \"model\" = '" + model.replace("\\", "\\\\").replace("'", "\\'") + "'")
                + " GROUP BY *";
        URI uri = URI.create(base + "/query?db=" + enc(database) + "&epoch=ns&chunked=true&chunk_size=10000&q=" + enc(q));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
        credentials.authorizationHeader().ifPresent(h -> req.header("Authorization", h));
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ReportException("InfluxDB at " + base + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportException("interrupted while querying InfluxDB", e);
        }
        try (InputStream body = resp.body()) {
            if (resp.statusCode() == 401 || resp.statusCode() == 403) {
                throw new ReportException("InfluxDB at " + base + " refused " + credentials.describe() + " (HTTP " + resp.statusCode()
                        + "): set INFLUX_USER/INFLUX_PASSWORD or INFLUX_TOKEN");
            }
            if (resp.statusCode() != 200) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new ReportException("InfluxDB query failed (HTTP " + resp.statusCode() + "): " + text.lines().findFirst().orElse(""));
            }
            return parse(measurement, body, sink);
        } catch (IOException e) {
            throw new ReportException("reading InfluxDB's answer failed: " + e.getMessage(), e);
        }
    }

    /**
     * A chunked answer is a sequence of JSON documents {@code {"results":[{"series":[{"name","tags","columns",
     * "values"}]}]}}, or {@code {"results":[{"error":"..."}]}}. Values are typed by JSON: numbers (integer and
     * float fields alike) become floats, which is all the page needs.
     */
    static long parse(String measurement, InputStream body, Consumer<Point> sink) throws IOException {
        long n = 0;
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) throw new ReportException("InfluxDB answered something other than JSON");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    if (f.equals("results")) {
                        while (p.nextToken() == JsonToken.START_OBJECT) n += result(measurement, p, sink);
                    } else if (f.equals("error")) {
                        throw new ReportException("InfluxDB: " + p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        return n;
    }

    private static long result(String measurement, JsonParser p, Consumer<Point> sink) throws IOException {
        long n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("error")) {
                throw new ReportException("InfluxDB: " + p.getText());
            } else if (f.equals("series")) {
                while (p.nextToken() == JsonToken.START_OBJECT) n += series(measurement, p, sink);
            } else {
                p.skipChildren();
            }
        }
        return n;
    }

    private static long series(String measurement, JsonParser p, Consumer<Point> sink) throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        long n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "tags":
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        tags.put(k, p.getText());
                    }
                    break;
                case "columns":
                    while (p.nextToken() == JsonToken.VALUE_STRING) columns.add(p.getText());
                    break;
                case "values":
                    // "name", "tags" and "columns" come before "values" in InfluxDB 1.x's answers.
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        Point.Builder b = Point.builder(measurement);
                        tags.forEach(b::tag);
                        int c = 0;
                        boolean hasField = false;
                        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken(), c++) {
                            String col = c < columns.size() ? columns.get(c) : "";
                            if (col.equals("time")) {
                                b.timeNanos(p.getLongValue());
                                continue;
                            }
                            switch (v) {
                                case VALUE_NUMBER_INT:
                                case VALUE_NUMBER_FLOAT:
                                    b.field(col, p.getDoubleValue());
                                    hasField = true;
                                    break;
                                case VALUE_TRUE:
                                case VALUE_FALSE:
                                    b.field(col, v == JsonToken.VALUE_TRUE);
                                    hasField = true;
                                    break;
                                case VALUE_STRING:
                                    b.field(col, p.getText());
                                    hasField = true;
                                    break;
                                default:
                                    p.skipChildren();
                            }
                        }
                        if (hasField) {
                            sink.accept(b.build());
                            n++;
                        }
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        return n;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
