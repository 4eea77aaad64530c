package io.modelwatch.sensors;

import io.modelwatch.testing.LpLint;
import io.modelwatch.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code modelwatch sensors --samples 3} on a MiniCluster, with eight fake GPUs, into a file that {@link io.modelwatch.testing.LpLint} accepts. */
class SensorsCommandITCase {
    @TempDir Path dir;

    @Test
    void threeSamplesOfTheHostAndEightGpusPassLpLint() throws Exception {
        Path out = dir.resolve("sensors.lp");
        Path smi = FakeNvidiaSmi.printing(dir, "nvidia-smi-8gpu.csv", 0);
        int rc = Main.execute("sensors", "--samples", "3", "--interval", "1s", "--host-name", "it-host",
                "--nvidia-smi", smi.toString(), "--sink", "file:" + out);
        assertThat(rc).isZero();

        List<String> lines = Files.readAllLines(out);
        List<String> hosts = lines.stream().filter(l -> l.startsWith("host,")).toList();
        List<String> gpus = lines.stream().filter(l -> l.startsWith("gpu,")).toList();
        assertThat(hosts).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("host,host=it-host ")
                .contains("status=\"").contains("mem_percent_status=\"").contains("mem_percent_anomaly="));
        assertThat(hosts.stream().filter(l -> l.contains("cpu_percent_status=")).count()).isEqualTo(2);
        // Stamped with the scheduled tick: whole seconds at a 1 s interval, the GPUs with their host.
        assertThat(lines).allSatisfy(l -> assertThat(l).endsWith("000000000"));
        assertThat(gpus).hasSize(24);
        // GPU 7 runs at 100 % with 81000 of 81920 MiB: critical on both.
        assertThat(gpus).filteredOn(l -> l.contains(",gpu=7,")).allSatisfy(l -> assertThat(l)
                .contains("utilization_percent_status=\"critical\"").contains("memory_percent_status=\"critical\"")
                .contains(" status=\"critical\"".substring(1)));
        assertThat(gpus).filteredOn(l -> l.contains(",gpu=5,"))
                .allSatisfy(l -> assertThat(l).contains("status=\"normal\""));
        LpLint.assertPasses(out);
    }

    @Test
    void wrongOptionsAreOneLineUsageErrors() throws Exception {
        assertThat(Main.execute("sensors", "--interval", "0s")).isEqualTo(2);
        assertThat(Main.execute("sensors", "--interval", "500ms")).isEqualTo(2);
        assertThat(Main.execute("sensors", "--interval", "soon")).isEqualTo(2);
        assertThat(Main.execute("sensors", "--nvidia-smi", dir.resolve("nope/nvidia-smi").toString())).isEqualTo(2);
        assertThat(Main.execute("sensors", "--kafka-topic", "t")).isEqualTo(2);
        assertThat(Main.execute("sensors", "--thresholds", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(Main.execute("sensors", "--sink", "ftp:x")).isEqualTo(2);
        assertThat(Main.execute("agent", "--kafka-topic", "t")).isEqualTo(2);
    }
}
