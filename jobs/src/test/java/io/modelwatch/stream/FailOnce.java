package io.modelwatch.stream;

import io.modelwatch.io.RawLine;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A failure for tests, put before the parser with {@link StreamConfig#beforeParse} ({@link #at}): passes records through, and on the first
 * attempt of the job throws once, at the first record from the N-th on that comes after a completed checkpoint,
 * so the restart really restores from a checkpoint. Counts records in operator state. Slows each record by
 * {@code pauseMicros} so a checkpoint can complete while a small test topic is read.
 */
final class FailOnce extends RichMapFunction<RawLine, RawLine> implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    /** How many subtasks started from a restored checkpoint (for the test to check). */
    static final AtomicInteger RESTORED = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();

    private final long failAt;
    private final long pauseMicros;
    private transient ListState<Long> countState;
    private transient long count;
    private transient volatile boolean checkpointed;

    FailOnce(long failAt, long pauseMicros) {
        this.failAt = failAt;
        this.pauseMicros = pauseMicros;
    }

    /** The hook for {@link StreamConfig.Builder#beforeParse}: fail once at record {@code failAt}, 2 ms a record. */
    static UnaryOperator<DataStream<RawLine>> at(long failAt) {
        return lines -> lines.map(new FailOnce(failAt, 2000)).name("test-fail-once").uid("test-fail-once");
    }

    @Override
    public RawLine map(RawLine line) throws Exception {
        count++;
        if (pauseMicros > 0) java.util.concurrent.locks.LockSupport.parkNanos(pauseMicros * 1000);
        if (count >= failAt && checkpointed && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure at record " + count + " (test hook)");
        }
        return line;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        countState.update(java.util.List.of(count));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        countState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Types.LONG));
        if (context.isRestored()) {
            RESTORED.incrementAndGet();
            for (Long c : countState.get()) count += c;
        }
    }
}
