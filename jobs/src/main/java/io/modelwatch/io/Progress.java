package io.modelwatch.io;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters that a job's operators bump and that the CLI prints to stderr while a job runs on the embedded
 * Flink (all subtasks share the CLI's JVM there). On a cluster the same figures are Flink metrics.
 */
public final class Progress {
    public static final LongAdder RECORDS_READ = new LongAdder();
    public static final LongAdder BAD_RECORDS = new LongAdder();
    public static final LongAdder WINDOWS_DONE = new LongAdder();

    private Progress() {}

    public static void reset() {
        RECORDS_READ.reset();
        BAD_RECORDS.reset();
        WINDOWS_DONE.reset();
    }
}
