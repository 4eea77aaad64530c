package io.modelwatch.io;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches a running job's {@link Progress} accumulators: register it with the job's environment
 * ({@code env.registerJobListener}), then {@link #refresh()} as often as wanted. Flink hands a running job's
 * accumulators to its JobManager with every TaskManager heartbeat ({@link JobOutputs#baseConfiguration} makes
 * that every second); the figures after the job are its final ones.
 */
public final class JobProgress implements JobListener {
    private volatile JobClient client;
    private volatile Map<String, Object> accumulators = Map.of();
    private volatile boolean finished;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    @Override
    public void onJobSubmitted(JobClient jobClient, Throwable throwable) {
        if (jobClient == null) return;
        CompletableFuture<JobExecutionResult> result;
        try {
            result = jobClient.getJobExecutionResult();
        } catch (RuntimeException e) {
            // Submitted through a cluster's REST API (/jars/run), main() gets a client that can tell neither
            // result nor accumulators: the job runs detached and its figures are in the cluster's web UI.
            return;
        }
        client = jobClient;
        // A job run through executeAndCollect never reaches onJobExecuted: its result carries the final figures.
        result.whenComplete((r, error) -> onJobExecuted(r, error));
    }

    @Override
    public void onJobExecuted(JobExecutionResult result, Throwable throwable) {
        // a detached run (submitted through a cluster's REST API) has no accumulators to hand back
        if (result != null && result.isJobExecutionResult()) accumulators = result.getAllAccumulatorResults();
        finished = true;
        ended.complete(null);
    }

    /** Waits at most {@code wait} for the job's final figures (a job that ended has them at once). */
    public JobProgress awaitEnd(Duration wait) {
        if (client == null) return this;
        try {
            ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        return this;
    }

    /** Asks the running job for its accumulators (waits at most a second); keeps the last figures otherwise. */
    public JobProgress refresh() {
        JobClient c = client;
        if (c == null || finished) return this;
        try {
            Map<String, Object> now = c.getAccumulators().get(1, TimeUnit.SECONDS);
            if (!finished && now != null) accumulators = now;
        } catch (Exception e) {
            // the job is ending, or its cluster is already gone: the last figures stand
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        return this;
    }

    public long recordsRead() {
        return get(Progress.RECORDS_READ);
    }

    public long badRecords() {
        return get(Progress.BAD_RECORDS);
    }

    public long windowsDone() {
        return get(Progress.WINDOWS_DONE);
    }

    private long get(String name) {
        Object v = accumulators.get(name);
        return v instanceof Number ? ((Number) v).longValue() : 0L;
    }
}
