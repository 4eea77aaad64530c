package io.modelwatch.influx;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What modelwatch asks of InfluxDB 1.x: a startup check, InfluxQL queries and line-protocol writes. The seam a
 * test replaces with a fake; {@link HttpInfluxClient} is the real one. {@link #checkReady} is the startup check
 * the CLI runs before a job starts, so a wrong URL, database or password is a one-line error instead of a
 * failed job.
 */
interface InfluxClient {
    /** The HTTP client for a parsed {@code --sink influx:...}, with a 10 s timeout per request. */
    static InfluxClient forSpec(SinkSpec spec, InfluxCredentials credentials) {
        return new HttpInfluxClient(spec.influxBaseUri(), spec.influxDatabase(), spec.retentionPolicy(), credentials,
                Duration.ofSeconds(10));
    }

    /** The URL a user gave, for messages: base plus database. */
    String url();

    String database();

    InfluxCredentials credentials();

    /**
     * Startup check: InfluxDB answers {@code /ping}, the credentials are accepted, the database exists (or is
     * created when {@code createDatabase}), and so does the retention policy if one is named.
     *
     * @throws InfluxSetupException one line naming what to fix
     */
    void checkReady(boolean createDatabase);

    /** Runs InfluxQL and returns the parsed JSON answer; failures as one {@link InfluxSetupException} line. */
    JsonNode queryOrFail(String influxql);

    /**
     * Writes a body of line-protocol lines, gzipped or not; completes with InfluxDB's answer, or exceptionally
     * when there was none (connection refused, timeout).
     */
    CompletableFuture<WriteAnswer> write(byte[] body, boolean gzipped);

    /** InfluxDB's answer to a write: the HTTP status and body. */
    record WriteAnswer(int statusCode, String body) {}
}
