package io.modelwatch.stream;

import static io.modelwatch.stream.PaneWindowsRestoreTest.MINUTE;
import static io.modelwatch.stream.PaneWindowsRestoreTest.pane;
import static io.modelwatch.stream.PaneWindowsRestoreTest.windows;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelwatch.serving.ServingPartial;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link PaneWindows} merges a window into its first pane without a copy only where that pane is dropped by the
 * same timer. A pane that stays (for a later window of a sliding window, or for late records) must come out of the
 * merge unchanged, or the next window counts the panes merged into it twice.
 */
class PaneWindowsCopyTest {

    @Test
    void aPaneKeptForLaterWindowsIsNotChangedByTheMergeOfAnEarlierOne() throws Exception {
        // window 3 min, slide 1 min: the window ending at 3 starts with pane 1 (no pane 0), which stays for the
        // windows ending at 4 and 5
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, ServingPartial, ServingPartial>(
                new KeyedProcessOperator<>(new PaneWindows.Serving(3 * MINUTE, MINUTE, 0)), s -> s.model, Types.STRING)) {
            h.open();
            h.processElement(pane(1, 10));
            h.processElement(pane(2, 20));
            h.processWatermark(new Watermark(5 * MINUTE - 1));
            assertThat(windows(h)).containsExactly("-1-2:10", "0-3:30", "1-4:30", "2-5:20");
        }
    }

    @Test
    void aPaneKeptForLateRecordsIsNotChangedByTheMergeOfItsWindow() throws Exception {
        // window 2 min, slide 1 min, 1 min of lateness: pane 0 stays after the window ending at 2 fired, a late
        // pane-1 partial fires that window again, and it must hold pane 0 once
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, ServingPartial, ServingPartial>(
                new KeyedProcessOperator<>(new PaneWindows.Serving(2 * MINUTE, MINUTE, MINUTE)), s -> s.model,
                Types.STRING)) {
            h.open();
            h.processElement(pane(0, 10));
            h.processElement(pane(1, 20));
            h.processWatermark(new Watermark(2 * MINUTE - 1));
            assertThat(windows(h)).containsExactly("-1-1:10", "0-2:30");
            h.processElement(pane(1, 5)); // late, within the lateness
            h.processWatermark(new Watermark(2 * MINUTE));
            assertThat(windows(h)).containsExactly("0-2:35");
        }
    }
}
