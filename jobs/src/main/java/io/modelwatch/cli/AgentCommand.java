package io.modelwatch.cli;

import io.modelwatch.sensors.SensorAgent;
import io.modelwatch.sensors.SystemSamplerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code modelwatch agent}: the sensors of a machine without Flink, published to Kafka for {@code sensors}. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "A small stand-alone collector (no Flink): samples this machine like `modelwatch sensors` does and "
                    + "publishes each point as JSON to a Kafka topic, which `modelwatch sensors --kafka-topic` reads."
        })
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--kafka-bootstrap", paramLabel = "B", required = true, description = "Kafka bootstrap servers.")
    String kafkaBootstrap;

    @Option(names = "--kafka-topic", paramLabel = "T", required = true, description = "The topic to publish to.")
    String kafkaTopic;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "10s", converter = SensorsCommand.DurationConverter.class,
            description = "Time between samples (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0", description = "Stop after N samples; 0: run until stopped.")
    long samples;

    @Option(names = "--nvidia-smi", paramLabel = "PATH", defaultValue = SystemSamplerFactory.DEFAULT_NVIDIA_SMI,
            description = "The nvidia-smi to run (default: ${DEFAULT-VALUE} on PATH).")
    String nvidiaSmi;

    @Option(names = "--nvidia-smi-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = SensorsCommand.DurationConverter.class,
            description = "Kill an nvidia-smi that takes longer (default: ${DEFAULT-VALUE}).")
    Duration nvidiaSmiTimeout;

    @Option(names = "--host-name", paramLabel = "NAME", description = "The host tag (default: this machine's name).")
    String hostName;

    @Override
    public Integer call() throws Exception {
        if (samples < 0) throw new UsageException("--samples must be 0 or more");
        SensorsCommand.checkInterval(interval);
        SensorsCommand.checkNvidiaSmi(nvidiaSmi);
        SensorAgent.Config config = new SensorAgent.Config(kafkaBootstrap, kafkaTopic, interval, samples,
                new SystemSamplerFactory(hostName, nvidiaSmi, nvidiaSmiTimeout));
        try (SensorAgent agent = new SensorAgent(config)) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                agent.stop();
                main.interrupt();
            }, "agent-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                long failed = agent.run();
                if (failed > 0) {
                    System.err.println("modelwatch agent: " + failed + " points could not be sent to " + kafkaBootstrap);
                    return Main.EXIT_FAILURE;
                }
                return 0;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is stopping: the hook has run
                }
            }
        }
    }
}
