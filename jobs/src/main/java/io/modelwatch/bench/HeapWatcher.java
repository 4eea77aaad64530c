package io.modelwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Watches the heap while a job runs in this JVM (the embedded MiniCluster), every 50 ms, and keeps two peaks:
 * used heap (an upper bound that includes garbage) and live heap, the heap's use right after the latest
 * collection summed over its pools: the figure that tells whether the job's state grows with events.
 */
final class HeapWatcher implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakLive;

    HeapWatcher() {
        System.gc();
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
        long live = 0;
        for (MemoryPoolMXBean pool : pools) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        peakLive = Math.max(peakLive, live);
    }

    long peakUsedBytes() {
        return peakUsed;
    }

    long peakLiveBytes() {
        return peakLive;
    }

    @Override
    public void close() {
        sample();
        running = false;
        thread.interrupt();
    }
}
