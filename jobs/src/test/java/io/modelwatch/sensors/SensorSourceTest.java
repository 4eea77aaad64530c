package io.modelwatch.sensors;

import io.modelwatch.sensors.SensorSource.EnumeratorState;
import io.modelwatch.sensors.SensorSource.SensorSplit;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The enumerator's one-split-per-host rule and the versioned serializers. */
class SensorSourceTest {

    @Test
    void oneSplitPerHostAndEveryReaderIsToldThereIsNoMore() {
        FakeContext ctx = new FakeContext();
        SensorSource.HostEnumerator e = new SensorSource.HostEnumerator(ctx, new EnumeratorState(List.of(), List.of()));
        e.handleSplitRequest(0, "tm-a");
        e.handleSplitRequest(1, "tm-a");
        e.handleSplitRequest(2, "tm-b");
        assertThat(ctx.assigned).containsOnlyKeys(0, 2);
        assertThat(ctx.assigned.get(0)).containsExactly(new SensorSplit("tm-a", 0));
        assertThat(ctx.assigned.get(2)).containsExactly(new SensorSplit("tm-b", 0));
        assertThat(ctx.noMore).containsExactly(0, 1, 2);
    }

    @Test
    void readersWithoutAKnownHostShareOneSplit() {
        FakeContext ctx = new FakeContext();
        SensorSource.HostEnumerator e = new SensorSource.HostEnumerator(ctx, new EnumeratorState(List.of(), List.of()));
        e.handleSplitRequest(0, "");
        e.handleSplitRequest(1, null);
        assertThat(ctx.assigned).containsOnlyKeys(0);
    }

    @Test
    void aSplitGivenBackGoesToTheNextReaderOnItsHostWithItsCount() throws Exception {
        FakeContext ctx = new FakeContext();
        SensorSource.HostEnumerator e = new SensorSource.HostEnumerator(ctx, new EnumeratorState(List.of(), List.of()));
        e.handleSplitRequest(0, "tm-a");
        e.addSplitsBack(List.of(new SensorSplit("tm-a", 7)), 0);
        EnumeratorState state = e.snapshotState(1);
        SensorSource.EnumeratorStateSerializer ser = new SensorSource.EnumeratorStateSerializer();
        EnumeratorState restored = ser.deserialize(ser.getVersion(), ser.serialize(state));
        assertThat(restored).isEqualTo(state);

        FakeContext ctx2 = new FakeContext();
        SensorSource.HostEnumerator e2 = new SensorSource.HostEnumerator(ctx2, restored);
        e2.handleSplitRequest(3, "tm-a");
        e2.handleSplitRequest(4, "tm-a");
        assertThat(ctx2.assigned).containsOnlyKeys(3);
        assertThat(ctx2.assigned.get(3)).containsExactly(new SensorSplit("tm-a", 7));
    }

    @Test
    void splitSerializerRoundTrip() throws Exception {
        SensorSource.SplitSerializer ser = new SensorSource.SplitSerializer();
        SensorSplit s = new SensorSplit("gpu-node-17.example", 42);
        assertThat(ser.deserialize(1, ser.serialize(s))).isEqualTo(s);
    }

    @Test
    void boundedOnlyWithSamples() {
        assertThat(SensorSource.builder().build().getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(SensorSource.builder().samples(3).interval(Duration.ofSeconds(1)).build().getBoundedness())
                .isEqualTo(Boundedness.BOUNDED);
    }

    /** Records what the enumerator assigns. */
    static final class FakeContext implements SplitEnumeratorContext<SensorSplit> {
        final Map<Integer, List<SensorSplit>> assigned = new HashMap<>();
        final List<Integer> noMore = new ArrayList<>();

        @Override public SplitEnumeratorMetricGroup metricGroup() { return null; }
        @Override public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}
        @Override public int currentParallelism() { return 8; }
        @Override public Map<Integer, ReaderInfo> registeredReaders() { return Map.of(); }
        @Override public void assignSplits(SplitsAssignment<SensorSplit> a) {
            a.assignment().forEach((k, v) -> assigned.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        @Override public void signalNoMoreSplits(int subtask) { noMore.add(subtask); }
        @Override public <T> void callAsync(Callable<T> c, BiConsumer<T, Throwable> h) {}
        @Override public <T> void callAsync(Callable<T> c, BiConsumer<T, Throwable> h, long d, long p) {}
        @Override public void runInCoordinatorThread(Runnable r) { r.run(); }
    }
}
