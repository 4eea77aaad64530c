package io.modelwatch.quality;

import java.util.Comparator;

/**
 * One input-anomaly record on its way to storage (contract 3c): its JSON line (already redacted) and what orders
 * and groups it: model, window, event time, and where it came from. A Flink POJO.
 */
public final class AnomalyRecord {
    /** Event time, then source, then position: a total order, so that "the first N" is the same in every run. */
    public static final Comparator<AnomalyRecord> ORDER = Comparator.<AnomalyRecord>comparingLong(a -> a.tsMillis)
            .thenComparing(a -> a.source, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(a -> a.position);

    public String model;
    public long windowStart;
    public long tsMillis;
    public String source;
    /** Line number (Kafka: offset), or byte offset where a split cannot know line numbers. */
    public long position;
    public String json;

    public AnomalyRecord() {}

    /** Whether a record at (ts, source, position) comes before this one. */
    boolean isAfter(long ts, String src, long pos) {
        if (ts != tsMillis) return ts < tsMillis;
        int c = src == null ? (source == null ? 0 : -1) : source == null ? 1 : src.compareTo(source);
        if (c != 0) return c < 0;
        return pos < position;
    }
}
