package io.modelwatch.sensors;

import io.modelwatch.testing.LpLint;
import io.modelwatch.cli.Main;
import io.modelwatch.testing.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** agent -> a real Kafka broker -> the sensors job (with its own host) -> the file sink. */
class AgentKafkaITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir Path dir;

    @Test
    void agentSamplesReachTheSinkBesideTheJobsOwn() throws Exception {
        String topic = KAFKA.createTopic("agent-samples", 1);
        Path smi = FakeNvidiaSmi.printing(dir, "nvidia-smi-1gpu.csv", 0);

        int agent = Main.execute("agent", "--kafka-bootstrap", KAFKA.bootstrapServers(), "--kafka-topic", topic,
                "--samples", "3", "--interval", "1s", "--host-name", "agent-7", "--nvidia-smi", smi.toString());
        assertThat(agent).isZero();
        assertThat(KAFKA.read(topic, 6, Duration.ofSeconds(10))).hasSize(6);
        KAFKA.send(topic, List.of("not an agent sample"));

        Path out = dir.resolve("sensors.lp");
        int rc = Main.execute("sensors", "--samples", "2", "--interval", "1s", "--host-name", "flink-host",
                "--nvidia-smi", "no-such-nvidia-smi-on-path", "--kafka-bootstrap", KAFKA.bootstrapServers(),
                "--kafka-topic", topic, "--sink", "file:" + out);
        assertThat(rc).isZero();

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).filteredOn(l -> l.startsWith("host,host=agent-7 ")).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("status=\"").contains("mem_percent_status="));
        assertThat(lines).filteredOn(l -> l.startsWith("gpu,") && l.contains("host=agent-7")).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("name=NVIDIA\\ H100\\ 80GB\\ HBM3")
                        .contains("utilization_percent=37").contains("memory_used_bytes=31998345216i"));
        assertThat(lines).filteredOn(l -> l.startsWith("host,host=flink-host ")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("gpu,") && l.contains("host=flink-host")).isEmpty();
        assertThat(lines).hasSize(8);
        LpLint.assertPasses(out);
    }
}
