package io.modelwatch.influx;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the user on stderr, in one line each, when writes to an InfluxDB start failing and when they succeed
 * again: the sender retries quietly for up to its total retry time (60 s by default), and without this a
 * backfill would look stuck with nothing said until it failed. One outage gives two lines however many
 * batches and subtasks of the JVM were waiting (state per URL and database, JVM-wide), so a local run prints
 * each once; on a cluster each TaskManager prints them to its own stdout/stderr file.
 */
final class InfluxOutageNotice {
    private static final Map<String, Outage> OUTAGES = new ConcurrentHashMap<>();

    private static final class Outage {
        int failingBatches;
        long since;
        long retries;
    }

    private final String key;
    private final String where;
    private final Duration retryTotal;

    InfluxOutageNotice(String url, String database, Duration retryTotal) {
        this.key = url + "|" + database;
        this.where = "InfluxDB at " + url; // the URL names the database: http://host:8086/db
        this.retryTotal = retryTotal;
    }

    /** A batch's first attempt failed with a retryable answer. */
    void batchFailing(String what) {
        Outage o = OUTAGES.computeIfAbsent(key, k -> new Outage());
        synchronized (o) {
            if (o.failingBatches++ == 0) {
                o.since = System.nanoTime();
                o.retries = 0;
                long ms = retryTotal.toMillis();
                String upTo = ms < 1000 || ms % 1000 != 0 ? ms + " ms" : ms / 1000 + " s";
                System.err.println("modelwatch: writes to " + where + " are failing (" + what + "); retrying for up to "
                        + upTo + ", nothing is dropped meanwhile");
            }
        }
    }

    /** A failing batch is being retried once more. */
    void retry() {
        Outage o = OUTAGES.get(key);
        if (o == null) return;
        synchronized (o) {
            o.retries++;
        }
    }

    /** A batch that had failed got an answer (stored, or a refusal that is not an outage). */
    void batchRecovered() {
        settle(true);
    }

    /** A batch that had failed ran out of retry time; the job fails with the sender's message. */
    void batchGaveUp() {
        settle(false);
    }

    private void settle(boolean recovered) {
        Outage o = OUTAGES.get(key);
        if (o == null) return;
        synchronized (o) {
            if (o.failingBatches == 0 || --o.failingBatches > 0) return;
            if (recovered) {
                System.err.printf("modelwatch: writes to %s succeed again after %.1f s (%d retries)%n", where,
                        (System.nanoTime() - o.since) / 1e9, o.retries);
            }
        }
    }
}
