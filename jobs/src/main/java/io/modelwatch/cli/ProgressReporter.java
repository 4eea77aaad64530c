package io.modelwatch.cli;

import io.modelwatch.io.JobProgress;

import java.io.PrintStream;

/**
 * Prints a job's progress to stderr every few seconds while it runs: records read,
 * bad records, windows done, and the read rate. Stops with {@link #close()}, printing a last line when the
 * job {@link #succeeded()}. Nothing is printed before the first record is read, so a job that fails at
 * startup shows only its one error line, never "0 records read" before it. The figures are the job's
 * {@link io.modelwatch.io.Progress} accumulators, through {@link #listener()}, which the job is given.
 */
final class ProgressReporter implements AutoCloseable {
    private final String what;
    private final PrintStream err;
    private final JobProgress progress = new JobProgress();
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;
    private boolean succeeded;

    ProgressReporter(String what, PrintStream err) {
        this.what = what;
        this.err = err;
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
            if (running && progress.refresh().recordsRead() > 0) err.println(line());
        }
    }

    /** What to register with the job's environment. */
    JobProgress listener() {
        return progress;
    }

    /** The job ended well: {@link #close()} prints the last line. */
    void succeeded() {
        succeeded = true;
    }

    private String line() {
        double s = (System.nanoTime() - started) / 1e9;
        long read = progress.recordsRead();
        return String.format("%s: %,d records read (%,.0f/s), %,d bad, %,d windows done, %.0f s",
                what, read, read / Math.max(s, 1e-9), progress.badRecords(), progress.windowsDone(), s);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (succeeded) {
            progress.awaitEnd(java.time.Duration.ofSeconds(5));
            err.println(line());
        }
    }
}
