package io.modelwatch.io;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * What a task adds to its job's progress: records read, bad records, windows done, as Flink accumulators (named
 * below), so they add up over every subtask and reach whoever watches the job ({@link JobProgress}, the Flink
 * web UI). One per task, made in the operator's {@code open}; {@link #none()} where nobody watches.
 */
public final class Progress {
    public static final String RECORDS_READ = "modelwatch-records-read";
    public static final String BAD_RECORDS = "modelwatch-bad-records";
    public static final String WINDOWS_DONE = "modelwatch-windows-done";

    private final LongCounter recordsRead, badRecords, windowsDone;

    private Progress(LongCounter recordsRead, LongCounter badRecords, LongCounter windowsDone) {
        this.recordsRead = recordsRead;
        this.badRecords = badRecords;
        this.windowsDone = windowsDone;
    }

    /** The task's accumulators (made on first use; operators of one task share them). */
    public static Progress of(RuntimeContext context) {
        return new Progress(context.getLongCounter(RECORDS_READ), context.getLongCounter(BAD_RECORDS),
                context.getLongCounter(WINDOWS_DONE));
    }

    /** Counts nobody reads. */
    public static Progress none() {
        return new Progress(new LongCounter(), new LongCounter(), new LongCounter());
    }

    public void recordRead() {
        recordsRead.add(1L);
    }

    public void badRecord() {
        badRecords.add(1L);
    }

    public void windowDone() {
        windowsDone.add(1L);
    }
}
