package io.modelwatch.cli;

import io.modelwatch.io.Progress;

import java.io.PrintStream;

/**
 * Prints a job's progress to stderr every few seconds while it runs on the embedded Flink: records read,
 * bad records, windows done, and the read rate. Stops with {@link #close()}, printing a last line when the
 * job {@link #succeeded()}. Nothing is printed before the first record is read, so a job that fails at
 * startup shows only its one error line, never "0 records read" before it.
 */
final class ProgressReporter implements AutoCloseable {
    private final String what;
    private final PrintStream err;
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;
    private boolean succeeded;

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
            if (running && Progress.RECORDS_READ.sum() > 0) err.println(line());
        }
    }

    /** The job ended well: {@link #close()} prints the last line. */
    void succeeded() {
        succeeded = true;
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
        if (succeeded) err.println(line());
    }
}
