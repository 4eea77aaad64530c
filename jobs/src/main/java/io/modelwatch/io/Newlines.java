package io.modelwatch.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finding and counting {@code \n} in bytes eight at a time: every input byte passes the line scan once in the
 * source (counting a chunk's lines) and once in the parse (splitting it), and a byte-by-byte loop was 14-16 % of
 * the reference's parse threads' samples (JFR, 1000 features x 50,000 events; docs/bench.md). A word of eight
 * bytes is read little-endian (byte i of the word is bytes[at + i], so the lowest flagged byte is the first
 * newline), XORed with eight newlines so that a newline becomes a zero byte, and zero bytes are flagged exactly,
 * without the carries of the shorter {@code (x - 0x01..) & ~x} test (which can flag a byte just above a zero one).
 */
final class Newlines {
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL, LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private Newlines() {}

    /** The high bit of each byte of {@code x} that is zero, and no other bit. */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    private static long newlinesIn(byte[] b, int at) {
        return zeroBytes((long) WORD.get(b, at) ^ NEWLINES);
    }

    /** The index of the first {@code \n} in {@code b[from, end)}, or -1. */
    static int next(byte[] b, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long z = newlinesIn(b, i);
            if (z != 0) return i + (Long.numberOfTrailingZeros(z) >>> 3);
        }
        for (; i < end; i++) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }

    /** The number of {@code \n} in {@code b[from, end)}. */
    static long count(byte[] b, int from, int end) {
        long n = 0;
        int i = from;
        for (; i + 8 <= end; i += 8) n += Long.bitCount(newlinesIn(b, i));
        for (; i < end; i++) {
            if (b[i] == '\n') n++;
        }
        return n;
    }
}
