package io.modelwatch.performance;

/**
 * What becomes of a label (contract section 1b), as one pure function both jobs call, so that the stream
 * and the backfill decide alike. A prediction is remembered until its window is final, that is until
 * {@code windowEnd + labelDelay}; the labels of a request are decided in label-time order.
 * <ul>
 *   <li>{@link #JOINED}: the first label at most {@code labelDelay} after the prediction (and not before it);</li>
 *   <li>{@link #DUPLICATE}: a further such label;</li>
 *   <li>{@link #LATE}: a label of a remembered prediction, more than the delay after it (the window may already
 *       be final when it comes, so it is refused always, and the figures do not depend on when it came);</li>
 *   <li>{@link #ORPHAN}: no prediction of that model and request at or before the label, or one whose window was
 *       final before the label's time.</li>
 * </ul>
 */
final class JoinRules {
    public static final byte JOINED = 1, DUPLICATE = 2, LATE = 3, ORPHAN = 4;

    private JoinRules() {}

    /**
     * @param predictionTs the prediction's time, or {@link Long#MIN_VALUE} when there is none
     * @param joined       whether a label of this prediction joined already
     */
    public static byte classify(long predictionTs, long labelTs, long labelDelayMs, long paneMillis, long windowMillis,
                                boolean joined) {
        if (predictionTs == Long.MIN_VALUE || labelTs < predictionTs) return ORPHAN;
        if (labelTs - predictionTs <= labelDelayMs) return joined ? DUPLICATE : JOINED;
        return labelTs <= finalAt(predictionTs, labelDelayMs, paneMillis, windowMillis) ? LATE : ORPHAN;
    }

    /**
     * The last instant of the prediction's last window's label time, when that window is final and the
     * prediction is forgotten: the end of the last window holding it plus the delay, minus 1 ms (a watermark W
     * says nothing at or before W is to come). Windows of {@code windowMillis} end every {@code paneMillis}
     * (the backfill's are tumbling: both equal).
     */
    public static long finalAt(long predictionTs, long labelDelayMs, long paneMillis, long windowMillis) {
        return windowStart(predictionTs, paneMillis) + windowMillis + labelDelayMs - 1;
    }

    public static long windowStart(long ts, long windowMillis) {
        return Math.floorDiv(ts, windowMillis) * windowMillis;
    }

    public static String reason(byte verdict) {
        switch (verdict) {
            case DUPLICATE: return "duplicate_label";
            case LATE: return "late_label";
            case ORPHAN: return "orphan_label";
            default: return "joined";
        }
    }
}
