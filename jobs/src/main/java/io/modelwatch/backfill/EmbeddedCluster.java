package io.modelwatch.backfill;

import io.modelwatch.io.JobOutputs;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * One embedded MiniCluster for the several BATCH jobs of one command (the reference's statistics pass, its
 * calibration pass, a segment scan). Flink's local executor starts a MiniCluster for each job and stops it after
 * (Pekko actor systems, TaskManager services, REST endpoint: about 1 s each on a 2-core machine), so a reference
 * of two jobs paid that twice. Jobs run one after another on this cluster; it is stopped by {@link #close()}.
 *
 * <p>Only for the embedded case: where {@link BackfillJob#environment(int)} is not local (submitted with
 * {@code flink run}), {@link #startIfLocal(int)} returns null and each job goes to that cluster as before.
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final String TARGET = "modelwatch-embedded";

    private final MiniCluster cluster;
    private final int parallelism;

    private EmbeddedCluster(MiniCluster cluster, int parallelism) {
        this.cluster = cluster;
        this.parallelism = parallelism;
    }

    /** A started cluster with {@code parallelism} slots (0: one per core, as Flink's local environment), or null when not local. */
    public static EmbeddedCluster startIfLocal(int parallelism) throws Exception {
        StreamExecutionEnvironment probe = BackfillJob.environment(parallelism);
        if (!(probe instanceof LocalStreamEnvironment)) return null;
        int slots = probe.getParallelism() > 0 ? probe.getParallelism() : Runtime.getRuntime().availableProcessors();
        Configuration conf = JobOutputs.baseConfiguration();
        // as Flink's per-job MiniCluster: an ephemeral REST port, one TaskManager with a slot per subtask
        if (!conf.contains(RestOptions.BIND_PORT)) conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build());
        cluster.start();
        return new EmbeddedCluster(cluster, slots);
    }

    /** A BATCH environment whose jobs run on this cluster, configured as {@link BackfillJob#environment(int)}'s. */
    public StreamExecutionEnvironment environment() {
        Configuration conf = JobOutputs.baseConfiguration();
        conf.set(DeploymentOptions.TARGET, TARGET);
        conf.set(DeploymentOptions.ATTACHED, true);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Loader(), conf,
                Thread.currentThread().getContextClassLoader());
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        return env;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** Hands every pipeline of these environments to the one cluster; the cluster outlives each job. */
    private final class Loader implements PipelineExecutorServiceLoader, PipelineExecutorFactory, PipelineExecutor {
        @Override public PipelineExecutorFactory getExecutorFactory(Configuration configuration) { return this; }
        @Override public Stream<String> getExecutorNames() { return Stream.of(TARGET); }
        @Override public String getName() { return TARGET; }
        @Override public boolean isCompatibleWith(Configuration configuration) {
            return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
        }
        @Override public PipelineExecutor getExecutor(Configuration configuration) { return this; }

        @Override
        public CompletableFuture<JobClient> execute(Pipeline pipeline, Configuration configuration, ClassLoader classLoader)
                throws Exception {
            StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
            return cluster.submitJob(graph).thenApply(submitted -> new MiniClusterJobClient(submitted.getJobID(),
                    cluster, classLoader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        }
    }
}
