package io.modelwatch.io;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Newlines' word-at-a-time scan against a plain byte loop, on the bytes that fool shorter zero-byte tests. */
class NewlinesTest {
    private static int nextByLoop(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) if (b[i] == '\n') return i;
        return -1;
    }

    private static long countByLoop(byte[] b, int from, int end) {
        long n = 0;
        for (int i = from; i < end; i++) if (b[i] == '\n') n++;
        return n;
    }

    @Test
    void findsAndCountsEveryNewlineWhereverItLies() {
        Random random = new Random(17);
        // 0x0B just above a newline (the carry of x - 0x01.. flags it), 0x8A (0x80 once XORed), 0x00, 0xFF, \r
        byte[] tricky = {'\n', 0x0B, (byte) 0x8A, 0x00, (byte) 0xFF, '\r', 0x09, 'a', (byte) 0x0A};
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(4) == 0 ? tricky[random.nextInt(tricky.length)] : (byte) random.nextInt(256);
            }
            for (int from = 0; from <= b.length; from++) {
                for (int end = from; end <= b.length; end++) {
                    assertThat(Newlines.next(b, from, end)).as("next in [%d, %d) of %s", from, end, java.util.Arrays.toString(b))
                            .isEqualTo(nextByLoop(b, from, end));
                    assertThat(Newlines.count(b, from, end)).as("count in [%d, %d)", from, end)
                            .isEqualTo(countByLoop(b, from, end));
                }
            }
        }
    }

    @Test
    void aNewlineAfterOneBelowItIsStillTheFirstFound() {
        byte[] b = "ab\u000b\ncdefgh\nij".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(Newlines.next(b, 0, b.length)).isEqualTo(3);
        assertThat(Newlines.next(b, 4, b.length)).isEqualTo(10);
        assertThat(Newlines.count(b, 0, b.length)).isEqualTo(2);
    }
}
