package io.modelwatch.sensors;

import io.modelwatch.influx.SinkSpec;

import java.time.Duration;

/**
 * Everything a {@code sensors} run needs, parsed and checked by the CLI (or set by a test); immutable. Made with
 * {@link #builder()}, which starts from the defaults.
 */
public record SensorsConfig(
        Duration interval,
        long samples,
        SinkSpec sink,
        Thresholds thresholds,
        SamplerFactory samplers,
        String kafkaBootstrap,
        String kafkaTopic,
        String kafkaGroup) {
    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; {@link #build()} makes the immutable SensorsConfig. */
    public static final class Builder {
        private Duration interval = SensorSource.DEFAULT_INTERVAL;
        private long samples;
        private SinkSpec sink;
        private Thresholds thresholds = Thresholds.defaults();
        private SamplerFactory samplers;
        private String kafkaBootstrap;
        private String kafkaTopic;
        private String kafkaGroup;

        private Builder() {}

        /** Time between two samples of a machine. */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** 0 for an unbounded job; N: N samples per machine, and the Kafka topic read from the earliest offset to the end it has when the job starts. */
        public Builder samples(long samples) {
            this.samples = samples;
            return this;
        }

        public Builder sink(SinkSpec sink) {
            this.sink = sink;
            return this;
        }

        public Builder thresholds(Thresholds thresholds) {
            this.thresholds = thresholds;
            return this;
        }

        /** What reads this machine's sensors (the real ones, or a test's script). */
        public Builder samplers(SamplerFactory samplers) {
            this.samplers = samplers;
            return this;
        }

        /** Agents' samples from Kafka; null: no agents. */
        public Builder kafkaBootstrap(String kafkaBootstrap) {
            this.kafkaBootstrap = kafkaBootstrap;
            return this;
        }

        public Builder kafkaTopic(String kafkaTopic) {
            this.kafkaTopic = kafkaTopic;
            return this;
        }

        public Builder kafkaGroup(String kafkaGroup) {
            this.kafkaGroup = kafkaGroup;
            return this;
        }

        public SensorsConfig build() {
            return new SensorsConfig(interval, samples, sink, thresholds, samplers, kafkaBootstrap, kafkaTopic, kafkaGroup);
        }
    }
}
