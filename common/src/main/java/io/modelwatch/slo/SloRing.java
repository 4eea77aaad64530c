package io.modelwatch.slo;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The good and bad counts of one model under one SLO, per minute of event time, over the last
 * max(period, 3d) minutes: a ring of primitive arrays (30 days = 43,200 buckets) with one running sum per burn
 * window, so moving one minute costs one add and one subtract per window, whatever the window's length.
 *
 * <p>Time: the {@code cursor} is the first minute not yet in the windows; after {@link #advanceTo(long)} the
 * window w covers the minutes [cursor - w, cursor). A minute still ahead of the cursor waits in
 * {@code pending} (a BATCH run hands a key its minutes in any order; a stream hands them just ahead of its
 * watermark). A minute behind the cursor (a late record within the stream's allowed lateness) is added to its
 * bucket and to every window that still covers it. Before a model's first minute the buckets are zero, so a
 * window reaching before the first record counts only what was seen.
 *
 * <p>Also keeps which {@link BurnAlert}s are firing, so a restored job resolves what it fired before.
 */
public final class SloRing {
    public static final int M5 = 0, M30 = 1, H1 = 2, H2 = 3, H6 = 4, D1 = 5, D3 = 6, PERIOD = 7;
    public static final String[] WINDOW_TAGS = {"5m", "30m", "1h", "2h", "6h", "1d", "3d", "period"};
    static final int[] FIXED_MINUTES = {5, 30, 60, 120, 360, 1440, 4320};
    static final int WINDOWS = 8;
    static final long NOT_STARTED = Long.MIN_VALUE;
    private static final int FORMAT_VERSION = 1;

    private final int periodMinutes;
    private final int ringMinutes;
    private final int[] windowMinutes = new int[WINDOWS];
    private final int[] good;
    private final int[] bad;
    private final long[] sumGood = new long[WINDOWS];
    private final long[] sumBad = new long[WINDOWS];
    /** Minute -> {good, bad}: minutes not yet entered. */
    private final TreeMap<Long, long[]> pending = new TreeMap<>();
    private long cursor = NOT_STARTED;
    private long lastDataMinute = NOT_STARTED;
    private int firing;
    private long droppedLate;

    public SloRing(long periodMillis) {
        if (periodMillis % 60_000 != 0 || periodMillis <= 0) throw new IllegalArgumentException("period " + periodMillis);
        this.periodMinutes = Math.toIntExact(periodMillis / 60_000);
        this.ringMinutes = Math.max(periodMinutes, FIXED_MINUTES[D3]);
        System.arraycopy(FIXED_MINUTES, 0, windowMinutes, 0, FIXED_MINUTES.length);
        windowMinutes[PERIOD] = periodMinutes;
        this.good = new int[ringMinutes];
        this.bad = new int[ringMinutes];
    }

    /** Adds a minute's counts (minute = epoch millis / 60,000). */
    public void add(long minute, long goodCount, long badCount) {
        if (goodCount == 0 && badCount == 0) return;
        lastDataMinute = lastDataMinute == NOT_STARTED ? minute : Math.max(lastDataMinute, minute);
        if (cursor == NOT_STARTED || minute >= cursor) {
            long[] c = pending.computeIfAbsent(minute, m -> new long[2]);
            c[0] += goodCount;
            c[1] += badCount;
            return;
        }
        if (minute < cursor - ringMinutes) {
            droppedLate += goodCount + badCount;
            return;
        }
        int i = index(minute);
        good[i] = Math.addExact(good[i], Math.toIntExact(goodCount));
        bad[i] = Math.addExact(bad[i], Math.toIntExact(badCount));
        for (int w = 0; w < WINDOWS; w++) {
            if (minute >= cursor - windowMinutes[w]) {
                sumGood[w] += goodCount;
                sumBad[w] += badCount;
            }
        }
    }

    /** Moves the windows' end to {@code minute} (exclusive): they then cover [minute - w, minute). */
    public void advanceTo(long minute) {
        if (cursor == NOT_STARTED) {
            if (pending.isEmpty()) return;
            cursor = pending.firstKey();
        }
        while (cursor < minute) {
            if (isEmpty()) {
                // nothing in any window: every bucket is zero, so skip the silent minutes at once
                long next = pending.isEmpty() ? minute : Math.min(minute, pending.firstKey());
                if (next > cursor) {
                    cursor = next;
                    continue;
                }
            }
            enter(cursor);
            cursor++;
        }
    }

    private void enter(long m) {
        long[] c = pending.remove(m);
        int g = c == null ? 0 : Math.toIntExact(c[0]);
        int b = c == null ? 0 : Math.toIntExact(c[1]);
        for (int w = 0; w < WINDOWS; w++) {
            int leaving = index(m - windowMinutes[w]); // still in the ring: every window is at most ringMinutes
            sumGood[w] += g - good[leaving];
            sumBad[w] += b - bad[leaving];
        }
        int i = index(m);
        good[i] = g;
        bad[i] = b;
    }

    private int index(long minute) {
        return (int) Math.floorMod(minute, (long) ringMinutes);
    }

    /** No event in any window (not even the longest one) and none pending. */
    private boolean isEmpty() {
        return sumGood[PERIOD] + sumBad[PERIOD] + sumGood[D3] + sumBad[D3] == 0 && (pending.isEmpty() || pending.firstKey() > cursor);
    }

    /** Nothing counted in any window and nothing pending: the ring can be dropped. */
    public boolean isIdle() {
        return sumGood[PERIOD] + sumBad[PERIOD] + sumGood[D3] + sumBad[D3] == 0 && pending.isEmpty() && firing == 0;
    }

    public long total(int window) { return sumGood[window] + sumBad[window]; }
    public long bad(int window) { return sumBad[window]; }

    /** bad / total over the window; NaN when it saw no event. */
    public double errorRatio(int window) {
        long total = total(window);
        return total == 0 ? Double.NaN : (double) sumBad[window] / total;
    }

    /** error_ratio / (1 - objective / 100); NaN when the window saw no event. */
    public double burnRate(int window, double allowedErrorRatio) {
        return errorRatio(window) / allowedErrorRatio;
    }

    /** 1 - bad / (allowed x total) over the period; NaN when the period saw no event. May be negative. */
    public double budgetRemaining(double allowedErrorRatio) {
        long total = total(PERIOD);
        return total == 0 ? Double.NaN : 1 - sumBad[PERIOD] / (allowedErrorRatio * total);
    }

    /**
     * Evaluates the burn alerts at the current cursor; returns the alerts whose state changed, as a bit set
     * over {@link BurnAlert#ordinal()} (then {@link #isFiring} says whether each fired or resolved).
     */
    public int evaluateAlerts(double allowedErrorRatio) {
        int changed = 0;
        for (BurnAlert a : BurnAlert.values()) {
            boolean holds = a.exceeded(burnRate(a.longWindow, allowedErrorRatio))
                    && a.exceeded(burnRate(a.shortWindow, allowedErrorRatio));
            int bit = 1 << a.ordinal();
            if (holds != ((firing & bit) != 0)) {
                firing ^= bit;
                changed |= bit;
            }
        }
        return changed;
    }

    public boolean isFiring(BurnAlert a) {
        return (firing & (1 << a.ordinal())) != 0;
    }

    /** The first minute not yet in the windows, or {@link Long#MIN_VALUE} before the first advance. */
    public long cursor() { return cursor; }
    /** The first minute not yet in the windows: the cursor, or before the first advance the first pending minute. */
    public long nextMinute() {
        if (cursor != NOT_STARTED) return cursor;
        return pending.isEmpty() ? NOT_STARTED : pending.firstKey();
    }

    /** The latest minute that held an event, or {@link Long#MIN_VALUE}. */
    public long lastDataMinute() { return lastDataMinute; }
    /** Events of minutes older than the ring when they arrived (dropped). */
    public long droppedLate() { return droppedLate; }
    public long periodMillis() { return periodMinutes * 60_000L; }

    // ---- checkpoint format: the ring's non-zero buckets only (a young model's ring is mostly zeros) ----

    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(periodMinutes);
        out.writeLong(cursor);
        out.writeLong(lastDataMinute);
        out.writeInt(firing);
        out.writeLong(droppedLate);
        int nonZero = 0;
        for (int i = 0; i < ringMinutes; i++) if (good[i] != 0 || bad[i] != 0) nonZero++;
        out.writeInt(nonZero);
        for (int i = 0; i < ringMinutes; i++) {
            if (good[i] != 0 || bad[i] != 0) {
                out.writeInt(i);
                out.writeInt(good[i]);
                out.writeInt(bad[i]);
            }
        }
        for (int w = 0; w < WINDOWS; w++) {
            out.writeLong(sumGood[w]);
            out.writeLong(sumBad[w]);
        }
        out.writeInt(pending.size());
        for (Map.Entry<Long, long[]> e : pending.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue()[0]);
            out.writeLong(e.getValue()[1]);
        }
    }

    public static SloRing readFrom(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) throw new IOException("unknown SLO ring format " + version);
        SloRing r = new SloRing(in.readInt() * 60_000L);
        r.cursor = in.readLong();
        r.lastDataMinute = in.readLong();
        r.firing = in.readInt();
        r.droppedLate = in.readLong();
        int nonZero = in.readInt();
        for (int k = 0; k < nonZero; k++) {
            int i = in.readInt();
            r.good[i] = in.readInt();
            r.bad[i] = in.readInt();
        }
        for (int w = 0; w < WINDOWS; w++) {
            r.sumGood[w] = in.readLong();
            r.sumBad[w] = in.readLong();
        }
        int pendingSize = in.readInt();
        for (int k = 0; k < pendingSize; k++) {
            r.pending.put(in.readLong(), new long[] {in.readLong(), in.readLong()});
        }
        return r;
    }

    /** A deep copy (Flink's serializer copy). */
    public SloRing copy() {
        SloRing r = new SloRing(periodMillis());
        System.arraycopy(good, 0, r.good, 0, ringMinutes);
        System.arraycopy(bad, 0, r.bad, 0, ringMinutes);
        System.arraycopy(sumGood, 0, r.sumGood, 0, WINDOWS);
        System.arraycopy(sumBad, 0, r.sumBad, 0, WINDOWS);
        for (Map.Entry<Long, long[]> e : pending.entrySet()) r.pending.put(e.getKey(), e.getValue().clone());
        r.cursor = cursor;
        r.lastDataMinute = lastDataMinute;
        r.firing = firing;
        r.droppedLate = droppedLate;
        return r;
    }
}
