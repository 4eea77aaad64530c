package io.modelwatch.performance;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * The stream's map-side combine of the join's events: folds them into one accumulator per model and pane in
 * memory and sends those on as {@link PerformancePartial}s at every watermark (before forwarding it, so the
 * keyed windows see a pane's events before the time that closes it) and before every checkpoint barrier, so
 * it checkpoints nothing. The keyed state then changes once per pane and watermark, not once per prediction.
 */
final class PerformancePaneCombiner extends AbstractStreamOperator<PerformancePartial>
        implements OneInputStreamOperator<PerformanceEvent, PerformancePartial> {
    private static final long serialVersionUID = 1L;

    private final PerformanceSettings settings;
    private transient Map<String, PerformanceAccumulator> open;
    private transient Map<String, PerformanceEvent> firstEvent;

    PerformancePaneCombiner(PerformanceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
        firstEvent = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<PerformanceEvent> element) {
        PerformanceEvent e = element.getValue();
        String key = e.key();
        PerformanceAccumulator a = open.get(key);
        if (a == null) {
            a = new PerformanceAccumulator(settings.task(e.model), settings.threshold());
            open.put(key, a);
            PerformanceEvent id = new PerformanceEvent();
            id.model = e.model;
            id.windowStart = e.windowStart;
            firstEvent.put(key, id);
        }
        e.addTo(a);
    }

    private void flush() {
        for (Map.Entry<String, PerformanceAccumulator> x : open.entrySet()) {
            PerformanceEvent id = firstEvent.get(x.getKey());
            output.collect(new StreamRecord<>(new PerformancePartial(id.model, id.windowStart, x.getValue())));
        }
        open.clear();
        firstEvent.clear();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }
}
