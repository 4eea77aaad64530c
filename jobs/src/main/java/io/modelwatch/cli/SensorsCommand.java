package io.modelwatch.cli;

import io.modelwatch.influx.SinkSpec;
import io.modelwatch.sensors.SensorsConfig;
import io.modelwatch.sensors.SensorsJob;
import io.modelwatch.sensors.SystemSamplerFactory;
import io.modelwatch.sensors.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code modelwatch sensors}: host and GPU metrics, with status and anomaly flags (contract sections 4, 5). */
@Command(
        name = "sensors",
        mixinStandardHelpOptions = true,
        description = {
            "Samples this machine (each TaskManager host on a cluster): CPU, load, memory, swap, disk and network "
                    + "rates through OSHI, and each NVIDIA GPU through nvidia-smi; with --kafka-topic also the "
                    + "samples that `modelwatch agent` processes publish. Writes `host` and `gpu` points with a "
                    + "status per thresholded metric and a 3-sigma anomaly flag per metric."
        })
final class SensorsCommand implements Callable<Integer> {

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time between samples, at least 1s: 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0",
            description = "Stop after N samples (a bounded job; with Kafka it reads the topic as it is at the start). "
                    + "0: run until cancelled.")
    long samples;

    @Mixin
    SinkOptions sink;

    @Mixin
    AlertOptions alerts;

    @Option(names = "--thresholds", paramLabel = "FILE",
            description = "YAML with warning/critical levels per metric (see docs/sensors.md).")
    Path thresholds;

    @Option(names = "--nvidia-smi", paramLabel = "PATH", defaultValue = SystemSamplerFactory.DEFAULT_NVIDIA_SMI,
            description = "The nvidia-smi to run (default: ${DEFAULT-VALUE} on PATH; absent means host metrics only).")
    String nvidiaSmi;

    @Option(names = "--nvidia-smi-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Kill an nvidia-smi that takes longer (default: ${DEFAULT-VALUE}).")
    Duration nvidiaSmiTimeout;

    @Option(names = "--host-name", paramLabel = "NAME",
            description = "The host tag (default: this machine's host name).")
    String hostName;

    @Option(names = "--kafka-bootstrap", paramLabel = "B", description = "Kafka bootstrap servers of the agents' topic.")
    String kafkaBootstrap;

    @Option(names = "--kafka-topic", paramLabel = "T", description = "The topic agents publish to.")
    String kafkaTopic;

    @Option(names = "--kafka-group", paramLabel = "G", defaultValue = "modelwatch-sensors",
            description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String kafkaGroup;

    @Override
    public Integer call() throws Exception {
        if ((kafkaBootstrap == null) != (kafkaTopic == null)) {
            throw new UsageException("--kafka-bootstrap and --kafka-topic go together");
        }
        if (samples < 0) throw new UsageException("--samples must be 0 or more");
        checkInterval(interval);
        checkNvidiaSmi(nvidiaSmi);
        SinkSpec sinkSpec = sink.sinkSpec("file:modelwatch-out/sensors.lp");
        Thresholds levels = thresholds == null ? Thresholds.defaults() : Thresholds.load(thresholds);
        SensorsJob.run(SensorsConfig.builder().interval(interval).samples(samples).sink(sinkSpec)
                .thresholds(levels).samplers(new SystemSamplerFactory(hostName, nvidiaSmi, nvidiaSmiTimeout))
                .kafkaBootstrap(kafkaBootstrap).kafkaTopic(kafkaTopic).kafkaGroup(kafkaGroup).build(),
                alerts::withAlerts);
        return alerts.undeliveredStatus("sensors", System.err);
    }

    /** OSHI caches its readings for 300 ms: a shorter interval would see the same counters twice. */
    static void checkInterval(Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UsageException("--interval must be at least 1s (got " + interval.toMillis() + "ms)");
        }
    }

    /** A path given explicitly must be there; a bare name is looked up on PATH when sampling, and may be absent. */
    static void checkNvidiaSmi(String nvidiaSmi) {
        if (nvidiaSmi.contains("/")) {
            Path p = Paths.get(nvidiaSmi);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new UsageException("--nvidia-smi " + nvidiaSmi + ": no such executable file");
            }
        }
    }

    /** 500ms, 10s, 2m, 1h, or an ISO-8601 duration (PT10S). */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SIMPLE.matcher(value.trim());
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms": d = Duration.ofMillis(n); break;
                    case "s": d = Duration.ofSeconds(n); break;
                    case "m": d = Duration.ofMinutes(n); break;
                    default: d = Duration.ofHours(n);
                }
            } else {
                try {
                    d = Duration.parse(value.trim());
                } catch (RuntimeException e) {
                    throw new picocli.CommandLine.TypeConversionException(
                            "'" + value + "' is not a duration (e.g. 500ms, 10s, 1m)");
                }
            }
            if (d.isNegative() || d.isZero()) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' must be positive");
            }
            return d;
        }
    }

}
