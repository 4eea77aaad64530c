package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples on its own thread, hands each sample's points to the task thread through one future per sample.
 * Everything except the sampling thread's body runs on the task (mailbox) thread.
 */
final class SensorSourceReader implements SourceReader<Point, SensorSource.SensorSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(SensorSourceReader.class);

    private final SourceReaderContext context;
    private final SamplerFactory samplers;
    private final long intervalMillis;
    private final long limit;

    private final ArrayDeque<Point> ready = new ArrayDeque<>();
    private CompletableFuture<Void> waitingForSplit = new CompletableFuture<>();
    private ScheduledExecutorService thread;
    private SensorSampler sampler;
    private String splitHost;
    private long samplesTaken;
    private boolean noMoreSplits;
    private CompletableFuture<List<Point>> pending;

    SensorSourceReader(SourceReaderContext context, SamplerFactory samplers, long intervalMillis, long limit) {
        this.context = context;
        this.samplers = samplers;
        this.intervalMillis = intervalMillis;
        this.limit = limit;
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Point> output) throws Exception {
        Point next = ready.poll();
        if (next != null) {
            output.collect(next, next.timestampNanos / 1_000_000L);
            return ready.isEmpty() && done() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }
        if (splitHost == null) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        if (pending != null && pending.isDone()) {
            List<Point> points = pending.get(); // rethrows a sampling failure: the task fails and restarts
            pending = null;
            samplesTaken++;
            ready.addAll(points);
            return ready.isEmpty() && done() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }
        if (done()) return InputStatus.END_OF_INPUT;
        if (pending == null) schedule();
        return InputStatus.NOTHING_AVAILABLE;
    }

    private boolean done() {
        return limit > 0 && samplesTaken >= limit;
    }

    /** The next sample, at the next multiple of the interval since the epoch. */
    private void schedule() {
        CompletableFuture<List<Point>> f = new CompletableFuture<>();
        long now = System.currentTimeMillis();
        long delay = intervalMillis - Math.floorMod(now, intervalMillis);
        long tick = now + delay;
        thread.schedule(() -> {
            try {
                if (sampler == null) sampler = samplers.create();
                f.complete(sampler.sample(tick));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        }, delay, TimeUnit.MILLISECONDS);
        pending = f;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (!ready.isEmpty()) return CompletableFuture.completedFuture(null);
        if (pending != null) return pending.handle((v, t) -> null);
        if (splitHost == null && !noMoreSplits) return waitingForSplit;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addSplits(List<SensorSource.SensorSplit> splits) {
        for (SensorSource.SensorSplit s : splits) {
            if (splitHost != null) {
                LOG.warn("sensor reader {} already samples {}; ignoring a second split {}",
                        context.getIndexOfSubtask(), splitHost, s);
                continue;
            }
            splitHost = s.host;
            samplesTaken = s.samplesTaken;
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sensor-sampler-" + context.getIndexOfSubtask());
                t.setDaemon(true);
                return t;
            });
            // Make the sampler now (OSHI's start-up takes a while) so the first tick is on time.
            thread.execute(() -> {
                try {
                    if (sampler == null) sampler = samplers.create();
                } catch (Exception e) {
                    LOG.warn("sensor reader {}: could not start sampling yet: {}", context.getIndexOfSubtask(), e.toString());
                }
            });
            LOG.info("sensor reader {} has the sensors of machine {}; a sample every {} ms{}", context.getIndexOfSubtask(), splitHost,
                    intervalMillis, limit > 0 ? " (" + (limit - samplesTaken) + " samples to go)" : "");
        }
        waitingForSplit.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        waitingForSplit.complete(null);
    }

    @Override
    public List<SensorSource.SensorSplit> snapshotState(long checkpointId) {
        return splitHost == null ? List.of() : List.of(new SensorSource.SensorSplit(splitHost, samplesTaken));
    }

    @Override
    public void close() throws Exception {
        if (thread != null) {
            thread.shutdownNow();
            thread.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (sampler != null) sampler.close();
    }
}
