package io.modelwatch.io;

/** A job's own health figures from one subtask, summed into the {@code pipeline} point. A Flink POJO. */
public final class PipelineCounts {
    public long recordsIn;
    public long badRecords;
    /** Good records outside --from/--to: read, not counted in statistics, not bad. */
    public long outOfRange;
    /** Good records that came after their window had closed and its allowed lateness passed: in no window. */
    public long late;
    /** Good records of models that have no snapshot: in the serving figures only. */
    public long withoutSnapshot;

    public PipelineCounts() {}

    public PipelineCounts add(PipelineCounts o) {
        recordsIn += o.recordsIn;
        badRecords += o.badRecords;
        outOfRange += o.outOfRange;
        late += o.late;
        withoutSnapshot += o.withoutSnapshot;
        return this;
    }
}
