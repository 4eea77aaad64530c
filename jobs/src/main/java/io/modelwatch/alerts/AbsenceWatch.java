package io.modelwatch.alerts;

/**
 * What {@link AlertFunction} keeps besides the {@link AlertInstance} for an absence rule: the series' tags
 * (a timer has no point to read them from) and the timers it has set. Internal: public only for Flink's
 * POJO serializer.
 */
public final class AbsenceWatch {
    public static final long NO_TIMER = Long.MIN_VALUE;

    public String[] tagKeys;
    public String[] tagValues;
    public long eventTimer = NO_TIMER;
    public long processingTimer = NO_TIMER;
    /** The watermark when the processing-time timer was set: whether event time moved since. */
    public long watermarkAtCheck = Long.MIN_VALUE;

    public AbsenceWatch() {}
}
