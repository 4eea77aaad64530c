package io.modelwatch.serving;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionRecord;
import org.HdrHistogram.DoubleHistogram;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * Accumulates the serving figures of one model in one window and renders the {@code model_serving} point.
 * Confidence is shifted by 0.5 in its sums to keep them numerically stable (it lives in [0, 1]).
 */
public final class ServingAccumulator {
    private static final int DIGITS = 3;

    private final ServingPartial s = new ServingPartial();
    private final DoubleHistogram latency = new DoubleHistogram(DIGITS);
    private final DoubleHistogram ttft = new DoubleHistogram(DIGITS);
    private final DoubleHistogram confidence = new DoubleHistogram(DIGITS);

    public ServingAccumulator(String model, long windowStart, long windowEnd) {
        s.model = model;
        s.windowStart = windowStart;
        s.windowEnd = windowEnd;
    }

    /**
     * Contract 1's domain rule: a confidence is a probability; outside [0, 1] (or not a finite number) it is invalid
     * for that field and left out of the 3b figures, the record itself being kept (and counted).
     */
    public static boolean validConfidence(double c) {
        return c >= 0 && c <= 1; // false for NaN: absent
    }

    /** A latency or time to first token: a finite number of milliseconds, not negative. */
    static boolean validDuration(double ms) {
        return ms >= 0 && ms < Double.POSITIVE_INFINITY;
    }

    /**
     * Folds one record in. Fields out of their domain are left out of their figures (contract 1): a negative or
     * non-finite latency_ms or ttft_ms, a confidence outside [0, 1], a negative output_length; a negative retries
     * counts as no retry.
     */
    public void add(PredictionRecord r) {
        s.count++;
        switch (r.status) {
            case PredictionRecord.STATUS_ERROR: s.errors++; break;
            case PredictionRecord.STATUS_TIMEOUT: s.timeouts++; break;
            case PredictionRecord.STATUS_FALLBACK: s.fallbacks++; break;
            default: break;
        }
        if (r.retries > 0) s.retried++;
        if (validDuration(r.latencyMs)) {
            s.latencyCount++;
            s.latencySum += r.latencyMs;
            s.latencyMin = Math.min(s.latencyMin, r.latencyMs);
            s.latencyMax = Math.max(s.latencyMax, r.latencyMs);
            recordPositive(latency, r.latencyMs);
        }
        if (validDuration(r.ttftMs)) recordPositive(ttft, r.ttftMs);
        if (validConfidence(r.confidence)) {
            double c = r.confidence - 0.5;
            s.confidenceCount++;
            s.confidenceSum += c;
            s.confidenceSumSq += c * c;
            recordPositive(confidence, r.confidence);
        }
        if (r.outputLength >= 0) {
            s.outputLengthCount++;
            s.outputLengthSum += r.outputLength;
        }
    }

    /**
     * A DoubleHistogram holds 0, but its non-zero values must span at most 2^48 (beyond that recordValue throws),
     * so values are kept in {0} and [1e-6, 1e8]: below 1e-6 counts as 0, above 1e8 as 1e8 (a latency of 28 hours).
     * Min, max and means stay exact; percentiles are clamped into [min, max].
     */
    private static void recordPositive(DoubleHistogram h, double v) {
        h.recordValue(v < MIN_RECORDED ? 0 : Math.min(v, MAX_RECORDED));
    }

    private static final double MIN_RECORDED = 1e-6, MAX_RECORDED = 1e8;

    public ServingPartial toPartial() {
        s.latencyHistogram = encode(latency);
        s.ttftHistogram = encode(ttft);
        s.confidenceHistogram = encode(confidence);
        return s;
    }

    /** Adds {@code b} into {@code a} and returns {@code a}. */
    public static ServingPartial merge(ServingPartial a, ServingPartial b) {
        a.count += b.count;
        a.errors += b.errors;
        a.timeouts += b.timeouts;
        a.fallbacks += b.fallbacks;
        a.retried += b.retried;
        a.latencyCount += b.latencyCount;
        a.latencySum += b.latencySum;
        a.latencyMin = Math.min(a.latencyMin, b.latencyMin);
        a.latencyMax = Math.max(a.latencyMax, b.latencyMax);
        a.latencyHistogram = mergeEncoded(a.latencyHistogram, b.latencyHistogram);
        a.ttftHistogram = mergeEncoded(a.ttftHistogram, b.ttftHistogram);
        a.confidenceCount += b.confidenceCount;
        a.confidenceSum += b.confidenceSum;
        a.confidenceSumSq += b.confidenceSumSq;
        a.confidenceHistogram = mergeEncoded(a.confidenceHistogram, b.confidenceHistogram);
        a.outputLengthCount += b.outputLengthCount;
        a.outputLengthSum += b.outputLengthSum;
        return a;
    }

    /** The {@code model_serving} point; the window length in seconds divides qps and tokens/s. */
    public static Point toPoint(ServingPartial s, String windowTag) {
        double seconds = (s.windowEnd - s.windowStart) / 1000.0;
        Point.Builder b = io.modelwatch.segment.Segments.tagModel(Point.builder("model_serving"), s.model)
                .tag("window", windowTag)
                .intField("count", s.count)
                .field("qps", s.count / seconds);
        if (s.count > 0) {
            b.field("error_rate", (double) (s.errors + s.timeouts) / s.count)
                    .field("timeout_rate", (double) s.timeouts / s.count)
                    .field("fallback_rate", (double) s.fallbacks / s.count)
                    .field("retry_rate", (double) s.retried / s.count);
        }
        if (s.latencyCount > 0) {
            DoubleHistogram h = decode(s.latencyHistogram);
            b.field("latency_mean", s.latencySum / s.latencyCount)
                    .field("latency_min", s.latencyMin)
                    .field("latency_p50", percentile(h, 50, s.latencyMin, s.latencyMax))
                    .field("latency_p90", percentile(h, 90, s.latencyMin, s.latencyMax))
                    .field("latency_p95", percentile(h, 95, s.latencyMin, s.latencyMax))
                    .field("latency_p99", percentile(h, 99, s.latencyMin, s.latencyMax))
                    .field("latency_max", s.latencyMax);
        }
        DoubleHistogram t = decode(s.ttftHistogram);
        if (t.getTotalCount() > 0) {
            b.field("ttft_p50", percentile(t, 50, 0, Double.MAX_VALUE))
                    .field("ttft_p99", percentile(t, 99, 0, Double.MAX_VALUE));
        }
        b.field("tokens_per_s", s.outputLengthSum / seconds);
        if (s.confidenceCount > 0) {
            double m = s.confidenceSum / s.confidenceCount;
            b.field("confidence_mean", 0.5 + m)
                    .field("confidence_std", Math.sqrt(Math.max(0, s.confidenceSumSq / s.confidenceCount - m * m)))
                    .field("confidence_p50", percentile(decode(s.confidenceHistogram), 50, 0, 1));
        }
        if (s.outputLengthCount > 0) b.field("output_length_mean", (double) s.outputLengthSum / s.outputLengthCount);
        return b.timeMillis(s.windowEnd).build();
    }

    /**
     * Nearest-rank percentile from the histogram, clamped into the exact [min, max] so the bucket's upper
     * bound never reports a value above the largest one recorded.
     */
    static double percentile(DoubleHistogram h, double p, double min, double max) {
        double v = h.getValueAtPercentile(p);
        return Math.max(min, Math.min(max, v));
    }

    private static byte[] encode(DoubleHistogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf, java.util.zip.Deflater.BEST_SPEED);
        return java.util.Arrays.copyOf(buf.array(), n);
    }

    private static DoubleHistogram decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return new DoubleHistogram(DIGITS);
        try {
            return DoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt histogram in serving state", e);
        }
    }

    private static byte[] mergeEncoded(byte[] a, byte[] b) {
        DoubleHistogram h = decode(a);
        h.add(decode(b));
        return encode(h);
    }
}
