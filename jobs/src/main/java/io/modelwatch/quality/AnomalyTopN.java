package io.modelwatch.quality;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The backfill's anomaly records, in one task: of each model and window the first {@code limit} in event time
 * (then source and position) over every subtask's candidates, written at the end of the input sorted by model,
 * window and that order. So a rerun of the same backfill writes the same file, byte for byte, however the
 * input was split. Holds at most limit records per model and window.
 */
final class AnomalyTopN extends AbstractStreamOperator<String> implements OneInputStreamOperator<AnomalyRecord, String>,
        BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Comparator<String[]> BY_WINDOW = Comparator.<String[], String>comparing(k -> k[0])
            .thenComparingLong(k -> Long.parseLong(k[1]));

    private final int limit;
    private transient TreeMap<String[], PriorityQueue<AnomalyRecord>> windows;

    AnomalyTopN(int limit) {
        this.limit = limit;
    }

    @Override
    public void open() throws Exception {
        super.open();
        windows = new TreeMap<>(BY_WINDOW);
    }

    @Override
    public void processElement(StreamRecord<AnomalyRecord> element) {
        AnomalyRecord a = element.getValue();
        PriorityQueue<AnomalyRecord> q = windows.computeIfAbsent(new String[] {a.model, Long.toString(a.windowStart)},
                k -> new PriorityQueue<>(AnomalyRecord.ORDER.reversed()));
        if (q.size() < limit) {
            q.add(copy(a));
        } else if (AnomalyRecord.ORDER.compare(a, q.peek()) < 0) {
            q.poll();
            q.add(copy(a));
        }
    }

    /** Object reuse is on: the element may be reused once this call returns. */
    private static AnomalyRecord copy(AnomalyRecord a) {
        AnomalyRecord c = new AnomalyRecord();
        c.model = a.model;
        c.windowStart = a.windowStart;
        c.tsMillis = a.tsMillis;
        c.source = a.source;
        c.position = a.position;
        c.json = a.json;
        return c;
    }

    @Override
    public void endInput() {
        for (PriorityQueue<AnomalyRecord> q : windows.values()) {
            List<AnomalyRecord> sorted = new ArrayList<>(q);
            sorted.sort(AnomalyRecord.ORDER);
            for (AnomalyRecord a : sorted) output.collect(new StreamRecord<>(a.json));
        }
        windows.clear();
    }
}
