package io.modelwatch.influx;

import io.modelwatch.influx.InfluxResponseClassifier.Outcome;
import org.apache.flink.metrics.Counter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Sends one batch of line protocol lines to InfluxDB and settles it: the sink's error handling in one place,
 * free of Flink's writer so it can be tested against a fake server.
 *
 * <ul>
 *   <li>RETRYABLE answers (5xx, 429, no answer) are retried with exponential backoff and jitter until the
 *       total retry time is spent; then the future fails with an {@link InfluxSinkException}.
 *   <li>PARTIAL_WRITE (400): InfluxDB 1.6 keeps the good lines but does not reliably say which it refused
 *       (with a parse error and a type conflict in one batch it names only the conflict, and its
 *       {@code dropped=N} counts only that). So the batch is bisected: each half is sent again (rewriting a
 *       stored point is a harmless overwrite), a half that is accepted is done, a refused half is split
 *       again, and a single refused line goes to the dead-letter file with InfluxDB's message for it.
 *       That costs about 2·k·log2(n) extra requests for k bad lines in a batch of n.
 *   <li>FATAL (401/403/404/413/other 4xx): the future fails with {@link InfluxSinkException.NonRecoverable}.
 * </ul>
 */
final class InfluxBatchSender {

    static final class Settings {
        final Duration retryTotalTime;
        final Duration initialBackoff;
        final Duration maxBackoff;
        final boolean gzip;

        Settings(Duration retryTotalTime, Duration initialBackoff, Duration maxBackoff, boolean gzip) {
            this.retryTotalTime = retryTotalTime;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            this.gzip = gzip;
        }
    }

    private final InfluxClient client;
    private final Settings settings;
    private final DeadLetterFile deadLetters;
    private final Counter pointsWritten;
    private final Counter retries;
    private final Counter rejectedLines;
    private final LongConsumer latencyMillis;
    private final InfluxOutageNotice outage;

    InfluxBatchSender(InfluxClient client, Settings settings, DeadLetterFile deadLetters, Counter pointsWritten,
            Counter retries, Counter rejectedLines, LongConsumer latencyMillis) {
        this.client = client;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.pointsWritten = pointsWritten;
        this.retries = retries;
        this.rejectedLines = rejectedLines;
        this.latencyMillis = latencyMillis;
        this.outage = client == null ? null : new InfluxOutageNotice(client.url(), client.database(), settings.retryTotalTime);
    }

    /** Completes when every line is stored or dead-lettered; fails with an {@link InfluxSinkException}. */
    CompletableFuture<Void> send(List<byte[]> lines) {
        return post(lines).thenCompose(r -> settle(lines, r));
    }

    private CompletableFuture<Void> settle(List<byte[]> lines, InfluxClient.WriteAnswer r) {
        Outcome outcome = InfluxResponseClassifier.classify(r.statusCode(), r.body());
        switch (outcome) {
            case SUCCESS:
                pointsWritten.inc(lines.size());
                return CompletableFuture.completedFuture(null);
            case PARTIAL_WRITE:
                if (lines.size() == 1) {
                    rejectedLines.inc();
                    String line = new String(lines.get(0), StandardCharsets.UTF_8).stripTrailing();
                    deadLetters.append(line, r.statusCode() + " " + InfluxResponseClassifier.errorText(r.body()));
                    return CompletableFuture.completedFuture(null);
                }
                int mid = lines.size() / 2;
                List<byte[]> left = lines.subList(0, mid), right = lines.subList(mid, lines.size());
                return send(left).thenCompose(v -> send(right));
            default:
                throw new InfluxSinkException.NonRecoverable(InfluxResponseClassifier.fatalMessage(r.statusCode(),
                        r.body(), client.url(), client.database(), client.credentials()));
        }
    }

    /** POSTs the lines, retrying RETRYABLE answers; completes with the first non-retryable answer. */
    private CompletableFuture<InfluxClient.WriteAnswer> post(List<byte[]> lines) {
        byte[] body = body(lines);
        long deadline = System.nanoTime() + settings.retryTotalTime.toNanos();
        return attempt(body, 1, deadline);
    }

    private CompletableFuture<InfluxClient.WriteAnswer> attempt(byte[] body, int attempt, long deadline) {
        long start = System.nanoTime();
        return client.write(body, settings.gzip).handle((r, err) -> {
            latencyMillis.accept(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            Outcome outcome = cause != null ? InfluxResponseClassifier.classify(cause)
                    : InfluxResponseClassifier.classify(r.statusCode(), r.body());
            if (outcome != Outcome.RETRYABLE) {
                if (attempt > 1 && outage != null) outage.batchRecovered();
                if (cause != null) throw new CompletionException(cause);
                return CompletableFuture.completedFuture(r);
            }
            String what = cause != null ? InfluxResponseClassifier.describe(cause)
                    : r.statusCode() + " " + InfluxResponseClassifier.errorText(r.body());
            if (attempt == 1 && outage != null) outage.batchFailing(what);
            long delay = backoffNanos(attempt);
            if (System.nanoTime() + delay > deadline) {
                if (outage != null) outage.batchGaveUp();
                InfluxSinkException e = new InfluxSinkException("InfluxDB at " + client.url()
                        + " did not accept a write within " + settings.retryTotalTime.toSeconds() + " s ("
                        + attempt + " attempts, last: " + what + "): check that it is up; the job fails so Flink "
                        + "can restart it from its last checkpoint");
                if (cause != null) e.addSuppressed(cause);
                throw e;
            }
            retries.inc();
            if (outage != null) outage.retry();
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS))
                    .thenCompose(v -> attempt(body, attempt + 1, deadline));
        }).thenCompose(f -> f);
    }

    /** Exponential backoff with "equal jitter": half the step fixed, half random. */
    long backoffNanos(int attempt) {
        long step = settings.initialBackoff.toNanos() << Math.min(attempt - 1, 30);
        step = Math.min(step, settings.maxBackoff.toNanos());
        if (step <= 1) return step;
        return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    }

    private byte[] body(List<byte[]> lines) {
        int size = 0;
        for (byte[] l : lines) size += l.length;
        if (!settings.gzip) {
            byte[] out = new byte[size];
            int at = 0;
            for (byte[] l : lines) {
                System.arraycopy(l, 0, out, at, l.length);
                at += l.length;
            }
            return out;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            for (byte[] l : lines) gz.write(l);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
