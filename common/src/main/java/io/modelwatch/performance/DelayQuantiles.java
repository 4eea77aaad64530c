package io.modelwatch.performance;

import org.HdrHistogram.Histogram;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * Label delays (milliseconds) of one window, for nearest-rank percentiles in bounded memory: exact while the
 * window holds at most {@link #EXACT_LIMIT} delays, beyond that an HdrHistogram with 3 significant digits
 * (relative error at most 0.1 %, as section 3b allows for percentiles). Mergeable.
 */
final class DelayQuantiles {
    static final int EXACT_LIMIT = 4096;
    private static final int DIGITS = 3;

    private long[] exact = new long[16];
    private int n;
    /** Non-null once the window outgrew the exact buffer. */
    private Histogram histogram;

    void add(long delayMs) {
        long d = Math.max(0, delayMs);
        if (histogram != null) {
            histogram.recordValue(d);
            return;
        }
        if (n == exact.length) {
            if (n >= EXACT_LIMIT) {
                toHistogram();
                histogram.recordValue(d);
                return;
            }
            exact = Arrays.copyOf(exact, Math.min(EXACT_LIMIT, n * 2));
        }
        exact[n++] = d;
    }

    long count() {
        return histogram != null ? histogram.getTotalCount() : n;
    }

    void merge(DelayQuantiles o) {
        if (o.histogram == null && histogram == null && n + o.n <= EXACT_LIMIT) {
            if (exact.length < n + o.n) exact = Arrays.copyOf(exact, Math.min(EXACT_LIMIT, Math.max(n + o.n, n * 2)));
            System.arraycopy(o.exact, 0, exact, n, o.n);
            n += o.n;
            return;
        }
        if (histogram == null) toHistogram();
        if (o.histogram != null) {
            histogram.add(o.histogram);
        } else {
            for (int i = 0; i < o.n; i++) histogram.recordValue(o.exact[i]);
        }
    }

    /** Nearest-rank: the smallest delay with at least p percent of the delays at or below it; NaN when empty. */
    double percentileSeconds(int percent) {
        long count = count();
        if (count == 0) return Double.NaN;
        if (histogram != null) {
            return histogram.getValueAtPercentile(percent) / 1000.0;
        }
        long[] sorted = Arrays.copyOf(exact, n);
        Arrays.sort(sorted);
        long rank = (percent * (long) n + 99) / 100; // ceil(p n / 100) in integers: no rounding at exact ranks
        return sorted[(int) Math.max(0, rank - 1)] / 1000.0;
    }

    private void toHistogram() {
        histogram = new Histogram(DIGITS);
        for (int i = 0; i < n; i++) histogram.recordValue(exact[i]);
        exact = new long[0];
        n = 0;
    }

    void write(DataOutput out) throws IOException {
        if (histogram == null) {
            out.writeByte(0);
            out.writeInt(n);
            for (int i = 0; i < n; i++) out.writeLong(exact[i]);
        } else {
            out.writeByte(1);
            ByteBuffer buf = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int len = histogram.encodeIntoCompressedByteBuffer(buf, java.util.zip.Deflater.BEST_SPEED);
            out.writeInt(len);
            out.write(buf.array(), 0, len);
        }
    }

    static DelayQuantiles read(DataInput in) throws IOException {
        DelayQuantiles d = new DelayQuantiles();
        byte kind = in.readByte();
        int len = in.readInt();
        if (kind == 0) {
            d.exact = new long[Math.max(16, len)];
            for (int i = 0; i < len; i++) d.exact[i] = in.readLong();
            d.n = len;
        } else {
            byte[] bytes = new byte[len];
            in.readFully(bytes);
            try {
                d.histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            } catch (DataFormatException e) {
                throw new IOException("corrupt label delay histogram", e);
            }
            d.exact = new long[0];
        }
        return d;
    }
}
