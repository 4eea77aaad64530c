package io.modelwatch.influx;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds an {@link InfluxSink}. Only the URL and the database are required:
 *
 * <pre>{@code
 * InfluxSink sink = InfluxSink.builder()
 *         .setUrl("http://localhost:8086").setDatabase("modelwatch")
 *         .setCredentials(InfluxCredentials.resolve(System.getenv(), null))
 *         .build();
 * }</pre>
 */
final class InfluxSinkBuilder {
    /** Points per {@code /write}; InfluxDB's docs suggest 5,000 to 10,000. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 5_000;
    /** Bytes of line protocol per request before gzip (InfluxDB's default max-body-size is 25 MB). */
    public static final long DEFAULT_MAX_BATCH_SIZE_IN_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 4;
    public static final int DEFAULT_MAX_BUFFERED_REQUESTS = 50_000;
    public static final long DEFAULT_MAX_TIME_IN_BUFFER_MS = 1_000;
    /** How long one batch may be retried (5xx, 429, no answer) before the job fails. */
    public static final Duration DEFAULT_RETRY_TOTAL_TIME = Duration.ofSeconds(60);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /** Per HTTP request (connect and answer). */
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(30);

    private URI url;
    private String database;
    private String retentionPolicy;
    private InfluxCredentials credentials = InfluxCredentials.none();
    private Path deadLetterFile = Paths.get("modelwatch-dead-letter.jsonl");
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private long maxBatchSizeInBytes = DEFAULT_MAX_BATCH_SIZE_IN_BYTES;
    private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    private int maxBufferedRequests = DEFAULT_MAX_BUFFERED_REQUESTS;
    private long maxTimeInBufferMs = DEFAULT_MAX_TIME_IN_BUFFER_MS;
    private Duration retryTotalTime = DEFAULT_RETRY_TOTAL_TIME;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration httpTimeout = DEFAULT_HTTP_TIMEOUT;
    private boolean gzip = true;

    InfluxSinkBuilder() {}

    /** Everything a {@code --sink influx:URL/DB} spec says, with the given credentials. */
    public InfluxSinkBuilder setSpec(SinkSpec spec, InfluxCredentials credentials) {
        if (spec.kind() != SinkSpec.Kind.INFLUX) throw new IllegalArgumentException("not an influx sink: " + spec);
        return setUrl(spec.influxBaseUri().toString()).setDatabase(spec.influxDatabase())
                .setRetentionPolicy(spec.retentionPolicy()).setCredentials(credentials)
                .setDeadLetterFile(spec.rejectedLinesFile());
    }

    /** {@code http(s)://HOST:PORT}, without the database. */
    public InfluxSinkBuilder setUrl(String url) {
        this.url = URI.create(url);
        return this;
    }

    public InfluxSinkBuilder setDatabase(String database) {
        this.database = database;
        return this;
    }

    /** Null for the database's default retention policy. */
    public InfluxSinkBuilder setRetentionPolicy(String retentionPolicy) {
        this.retentionPolicy = retentionPolicy;
        return this;
    }

    public InfluxSinkBuilder setCredentials(InfluxCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials);
        return this;
    }

    public InfluxSinkBuilder setDeadLetterFile(Path deadLetterFile) {
        this.deadLetterFile = Objects.requireNonNull(deadLetterFile);
        return this;
    }

    public InfluxSinkBuilder setMaxBatchSize(int points) {
        this.maxBatchSize = points;
        return this;
    }

    public InfluxSinkBuilder setMaxBatchSizeInBytes(long bytes) {
        this.maxBatchSizeInBytes = bytes;
        return this;
    }

    public InfluxSinkBuilder setMaxInFlightRequests(int requests) {
        this.maxInFlightRequests = requests;
        return this;
    }

    public InfluxSinkBuilder setMaxBufferedRequests(int points) {
        this.maxBufferedRequests = points;
        return this;
    }

    public InfluxSinkBuilder setMaxTimeInBufferMs(long ms) {
        this.maxTimeInBufferMs = ms;
        return this;
    }

    public InfluxSinkBuilder setRetryTotalTime(Duration total) {
        this.retryTotalTime = total;
        return this;
    }

    public InfluxSinkBuilder setBackoff(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    public InfluxSinkBuilder setHttpTimeout(Duration timeout) {
        this.httpTimeout = timeout;
        return this;
    }

    /** Gzip request bodies (default on; level 1, the fastest). */
    public InfluxSinkBuilder setGzip(boolean gzip) {
        this.gzip = gzip;
        return this;
    }

    public InfluxSink build() {
        if (url == null || database == null || database.isEmpty()) {
            throw new IllegalStateException("an InfluxSink needs a URL and a database");
        }
        if (maxBufferedRequests < maxBatchSize) maxBufferedRequests = maxBatchSize * 2;
        return new InfluxSink(maxBatchSize, maxInFlightRequests, maxBufferedRequests, maxBatchSizeInBytes,
                maxTimeInBufferMs, url, database, retentionPolicy, credentials, deadLetterFile, retryTotalTime,
                initialBackoff, maxBackoff, httpTimeout, gzip);
    }
}
