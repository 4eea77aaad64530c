package io.modelwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples used heap every 50 ms after a GC-free start and keeps the peak: in-process jobs (MiniCluster) share
 * this JVM, so this is the job's heap. Reports the peak of "used after collection" would need GC hooks; the
 * sampled peak is an upper bound that includes garbage, which is why the benchmark compares two sizes.
 */
final class HeapWatcher implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    HeapWatcher() {
        System.gc();
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
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

    long peakBytes() {
        return peak;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
