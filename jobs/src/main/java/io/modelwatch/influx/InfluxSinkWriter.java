package io.modelwatch.influx;

import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.MetricGroup;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The async sink writer: Flink's base does the batching (points, bytes, time), the in-flight limit,
 * backpressure and the flush at every checkpoint; this class turns a batch into one {@code /write} through
 * {@link InfluxBatchSender} and reports the outcome. Metrics, in the writer's group:
 * {@code influxPointsWritten}, {@code influxRetries}, {@code influxRejectedLines} (counters) and
 * {@code influxLastRequestLatencyMs} (gauge).
 */
final class InfluxSinkWriter extends AsyncSinkWriter<Point, byte[]> {

    private final InfluxBatchSender sender;
    private volatile long lastLatencyMs;

    InfluxSinkWriter(InfluxSink sink, WriterInitContext context, Collection<BufferedRequestState<byte[]>> state) {
        super(sink.elementConverter(), context, AsyncSinkWriterConfiguration.builder()
                        .setMaxBatchSize(sink.maxBatchSize())
                        .setMaxBatchSizeInBytes(sink.maxBatchSizeInBytes())
                        .setMaxInFlightRequests(sink.maxInFlightRequests())
                        .setMaxBufferedRequests(sink.maxBufferedRequests())
                        .setMaxTimeInBufferMS(sink.maxTimeInBufferMs())
                        .setMaxRecordSizeInBytes(sink.maxBatchSizeInBytes())
                        .setRequestTimeoutMS(sink.requestTimeoutMs())
                        .setFailOnTimeout(true)
                        .build(),
                state);
        MetricGroup metrics = context.metricGroup();
        metrics.gauge("influxLastRequestLatencyMs", () -> lastLatencyMs);
        this.sender = new InfluxBatchSender(sink.client(), sink.senderSettings(), new DeadLetterFile(sink.deadLetterFile()),
                metrics.counter("influxPointsWritten"), metrics.counter("influxRetries"),
                metrics.counter("influxRejectedLines"), ms -> lastLatencyMs = ms);
    }

    @Override
    protected void submitRequestEntries(List<byte[]> lines, ResultHandler<byte[]> result) {
        sender.send(lines).whenComplete((ok, err) -> {
            if (err == null) {
                result.complete();
                return;
            }
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            result.completeExceptionally(cause instanceof Exception ? (Exception) cause : new RuntimeException(cause));
        });
    }

    @Override
    protected long getSizeInBytes(byte[] line) {
        return line.length;
    }
}
