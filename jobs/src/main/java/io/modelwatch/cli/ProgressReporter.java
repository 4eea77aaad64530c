package io.modelwatch.cli;

import io.modelwatch.io.Progress;

import java.io.PrintStream;

/**
 * Prints a job's progress to stderr every few seconds while it runs on the embedded Flink: records read,
 * bad records, windows done, and the read rate. Stops with {@link #close()}, printing a last line.
 */
final class ProgressReporter implements AutoCloseable {
    private final String what;
    private final PrintStream err;
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;

    ProgressReporter(String what, PrintStream err) {
        this.what = what;
        this.err = err;
        Progress.reset();
        thread = new Thread(this::loop, "modelwatch-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                return;
            }
            if (running) err.println(line());
        }
    }

    private String line() {
        double s = (System.nanoTime() - started) / 1e9;
        long read = Progress.RECORDS_READ.sum();
        return String.format("%s: %,d records read (%,.0f/s), %,d bad, %,d windows done, %.0f s",
                what, read, read / Math.max(s, 1e-9), Progress.BAD_RECORDS.sum(), Progress.WINDOWS_DONE.sum(), s);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        err.println(line());
    }
}
