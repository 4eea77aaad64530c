package io.modelwatch.stream;

import io.modelwatch.serving.ServingAccumulator;
import io.modelwatch.serving.ServingPartial;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a restore the watermarks start over, so the pane operator can let through a record that was late before
 * the failure. {@link PaneWindows} must not fire a window again for it once the window's oldest pane is gone:
 * that rewrote the window (same series and time, so the file and InfluxDB keep it) with a pane missing.
 */
class PaneWindowsRestoreTest {
    static final long MINUTE = 60_000;

    static KeyedOneInputStreamOperatorTestHarness<String, ServingPartial, ServingPartial> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PaneWindows.Serving(2 * MINUTE, MINUTE, 0)), s -> s.model, Types.STRING);
    }

    static StreamRecord<ServingPartial> pane(long minute, long count) {
        ServingPartial s = new ServingAccumulator("m", minute * MINUTE, (minute + 1) * MINUTE).toPartial();
        s.count = count;
        return new StreamRecord<>(s, (minute + 1) * MINUTE - 1);
    }

    static List<String> windows(KeyedOneInputStreamOperatorTestHarness<String, ServingPartial, ServingPartial> h) {
        List<String> out = h.extractOutputValues().stream()
                .map(s -> s.windowStart / MINUTE + "-" + s.windowEnd / MINUTE + ":" + s.count).collect(Collectors.toList());
        h.getOutput().clear();
        return out;
    }

    @Test
    void aPaneOfAFinalWindowArrivingAfterARestoreDoesNotFireItAgain() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(pane(0, 10));
            h.processElement(pane(1, 20));
            h.processWatermark(new Watermark(2 * MINUTE - 1));
            assertThat(windows(h)).containsExactly("-1-1:10", "0-2:30");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(pane(1, 5)); // late before the failure; the restored pane operator no longer knows
            h.processElement(pane(2, 7));
            h.processWatermark(new Watermark(3 * MINUTE - 1));
            assertThat(windows(h)).as("window 0-2 not written again without pane 0").containsExactly("1-3:27");
        }
    }
}
