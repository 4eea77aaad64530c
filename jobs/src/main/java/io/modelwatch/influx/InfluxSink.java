package io.modelwatch.influx;

import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;

/**
 * Writes {@link Point}s to InfluxDB 1.x's {@code /write} as line protocol ({@code precision=ns}, gzip bodies),
 * on Flink's async sink base. Build one with {@link #builder()}.
 *
 * <p>Guarantees: at-least-once (buffered lines are flushed at every checkpoint and kept in its state), and
 * idempotent by construction (a replayed point has the same series and timestamp, so InfluxDB overwrites it).
 * Errors: 5xx, 429 and connection errors are retried with exponential backoff and jitter up to a total time,
 * then the job fails; lines InfluxDB refuses (400) go to a JSONL dead-letter file and the job goes on; wrong
 * credentials and a missing database fail the job at once (and are caught before it starts by
 * {@link InfluxClient#checkReady}).
 */
final class InfluxSink extends AsyncSinkBase<Point, byte[]> {
    private static final long serialVersionUID = 1L;

    private final String baseUri;
    private final String database;
    private final String retentionPolicy;
    private final InfluxCredentials credentials;
    private final String deadLetterFile;
    private final Duration retryTotalTime;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration httpTimeout;
    private final boolean gzip;

    InfluxSink(int maxBatchSize, int maxInFlightRequests, int maxBufferedRequests, long maxBatchSizeInBytes,
            long maxTimeInBufferMs, URI baseUri, String database, String retentionPolicy,
            InfluxCredentials credentials, Path deadLetterFile, Duration retryTotalTime, Duration initialBackoff,
            Duration maxBackoff, Duration httpTimeout, boolean gzip) {
        super(new InfluxLineConverter(), maxBatchSize, maxInFlightRequests, maxBufferedRequests, maxBatchSizeInBytes,
                maxTimeInBufferMs, maxBatchSizeInBytes,
                // The base's own request timeout only backs up ours: a batch may spend the retry time and more.
                retryTotalTime.plus(httpTimeout.multipliedBy(2)).toMillis(), true);
        this.baseUri = baseUri.toString();
        this.database = database;
        this.retentionPolicy = retentionPolicy;
        this.credentials = credentials;
        this.deadLetterFile = deadLetterFile.toAbsolutePath().toString();
        this.retryTotalTime = retryTotalTime;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.httpTimeout = httpTimeout;
        this.gzip = gzip;
    }

    public static InfluxSinkBuilder builder() {
        return new InfluxSinkBuilder();
    }

    @Override
    public StatefulSinkWriter<Point, BufferedRequestState<byte[]>> createWriter(WriterInitContext context) {
        return new InfluxSinkWriter(this, context, Collections.emptyList());
    }

    @Override
    public StatefulSinkWriter<Point, BufferedRequestState<byte[]>> restoreWriter(WriterInitContext context,
            Collection<BufferedRequestState<byte[]>> recoveredState) {
        return new InfluxSinkWriter(this, context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<byte[]>> getWriterStateSerializer() {
        return new InfluxStateSerializer();
    }

    InfluxLineConverter elementConverter() {
        return (InfluxLineConverter) getElementConverter();
    }

    int maxBatchSize() {
        return getMaxBatchSize();
    }

    int maxInFlightRequests() {
        return getMaxInFlightRequests();
    }

    int maxBufferedRequests() {
        return getMaxBufferedRequests();
    }

    long maxBatchSizeInBytes() {
        return getMaxBatchSizeInBytes();
    }

    long maxTimeInBufferMs() {
        return getMaxTimeInBufferMS();
    }

    long requestTimeoutMs() {
        return getRequestTimeoutMS();
    }

    InfluxClient client() {
        return new HttpInfluxClient(URI.create(baseUri), database, retentionPolicy, credentials, httpTimeout);
    }

    InfluxBatchSender.Settings senderSettings() {
        return new InfluxBatchSender.Settings(retryTotalTime, initialBackoff, maxBackoff, gzip);
    }

    Path deadLetterFile() {
        return Paths.get(deadLetterFile);
    }

    @Override
    public String toString() {
        return "InfluxSink[" + baseUri + "/" + database + (retentionPolicy == null ? "" : ", rp=" + retentionPolicy)
                + ", " + credentials + ", deadLetter=" + deadLetterFile + "]";
    }
}
