package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** nvidia-smi outputs recorded from real boards, played by fake executables through the real process path. */
class NvidiaSmiProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir Path dir;

    @Test
    void oneGpuIsReadWithEveryValue() throws Exception {
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(FakeNvidiaSmi.printing(dir, "nvidia-smi-1gpu.csv", 0).toString(), TIMEOUT)) {
            List<GpuReading> gpus = probe.read();
            assertThat(gpus).hasSize(1);
            GpuReading g = gpus.get(0);
            assertThat(g.index()).isEqualTo("0");
            assertThat(g.name()).isEqualTo("NVIDIA H100 80GB HBM3");
            assertThat(g.uuid()).isEqualTo("GPU-5f1c2a7e-8d3b-4c61-9e0f-2b7a6d4c1e93");
            assertThat(g.utilizationPercent()).isEqualTo(37.0);
            assertThat(g.memoryUsedMiB()).isEqualTo(30516);
            assertThat(g.memoryTotalMiB()).isEqualTo(81559);
            assertThat(g.temperatureC()).isEqualTo(41.0);
            assertThat(g.powerW()).isEqualTo(246.83);
            assertThat(probe.state()).isEqualTo(NvidiaSmiProbe.State.OK);

            Point p = SensorSampler.gpuPoint("h1", g, 1_764_000_000_000L);
            assertThat(p.tag("gpu")).isEqualTo("0");
            assertThat(p.tag("uuid")).isEqualTo(g.uuid());
            assertThat(p.number("memory_used_bytes")).isEqualTo(30516.0 * 1024 * 1024);
            assertThat(p.fieldKinds[p.fieldIndex("memory_used_bytes")]).isEqualTo(Point.INTEGER);
            assertThat(p.number("memory_percent")).isCloseTo(100.0 * 30516 / 81559, within(1e-9));
        }
    }

    @Test
    void eightGpusGiveEightPointsInIndexOrder() throws Exception {
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(FakeNvidiaSmi.printing(dir, "nvidia-smi-8gpu.csv", 0).toString(), TIMEOUT)) {
            List<GpuReading> gpus = probe.read();
            assertThat(gpus).extracting(GpuReading::index).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
            assertThat(gpus).extracting(GpuReading::uuid).doesNotHaveDuplicates();
            assertThat(gpus.get(7).utilizationPercent()).isEqualTo(100.0);
            SensorSampler sampler = new SensorSampler("h8", ScriptedHostProbe.idle(), probe);
            List<Point> points = sampler.sample();
            assertThat(points).hasSize(9);
            assertThat(points.subList(1, 9)).allSatisfy(p -> assertThat(p.measurement).isEqualTo("gpu"));
        }
    }

    @Test
    void migModeUtilisationIsLeftOutAndTheRestKept() throws Exception {
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(FakeNvidiaSmi.printing(dir, "nvidia-smi-mig.csv", 0).toString(), TIMEOUT)) {
            List<GpuReading> gpus = probe.read();
            assertThat(gpus).hasSize(2);
            assertThat(gpus.get(0).utilizationPercent()).isNaN();
            Point p = SensorSampler.gpuPoint("h", gpus.get(0), 1_764_000_000_000L);
            assertThat(p.hasField("utilization_percent")).isFalse();
            assertThat(p.number("memory_used_bytes")).isEqualTo(13.0 * 1024 * 1024);
            assertThat(p.number("power_w")).isEqualTo(52.66);
            assertThat(SensorSampler.gpuPoint("h", gpus.get(1), 0).number("utilization_percent")).isEqualTo(12.0);
        }
    }

    @Test
    void notAvailableValuesAreLeftOutAndAGpuWithNothingIsSkipped() throws Exception {
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(FakeNvidiaSmi.printing(dir, "nvidia-smi-na.csv", 0).toString(), TIMEOUT)) {
            List<GpuReading> gpus = probe.read();
            assertThat(gpus).hasSize(2);
            Point gtx = SensorSampler.gpuPoint("h", gpus.get(0), 0);
            assertThat(gtx.hasField("power_w")).isFalse();
            assertThat(gtx.number("temperature_c")).isEqualTo(45.0);
            GpuReading k80 = gpus.get(1);
            assertThat(k80.utilizationPercent()).isNaN();
            assertThat(k80.memoryUsedMiB()).isEqualTo(-1);
            assertThat(SensorSampler.gpuPoint("h", k80, 0)).isNull();
        }
    }

    @Test
    void driverErrorGivesNoGpusAndIsReportedOnceThenRecovery() throws Exception {
        Path out = dir.resolve("out");
        Path exit = dir.resolve("exit");
        Path script = dir.resolve("nvidia-smi-switch");
        Files.writeString(script, "#!/bin/sh\ncat '" + out + "'\nexit $(cat '" + exit + "')\n");
        script.toFile().setExecutable(true);
        Files.copy(getClass().getResourceAsStream("/sensors/nvidia-smi-driver-error.txt"), out);
        Files.writeString(exit, "9");
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(script.toString(), TIMEOUT)) {
            assertThat(probe.read()).isEmpty();
            assertThat(probe.state()).isEqualTo(NvidiaSmiProbe.State.FAILED);
            assertThat(probe.read()).isEmpty();
            assertThat(probe.failures()).isEqualTo(2);

            Files.delete(out);
            Files.copy(getClass().getResourceAsStream("/sensors/nvidia-smi-1gpu.csv"), out);
            Files.writeString(exit, "0");
            assertThat(probe.read()).hasSize(1);
            assertThat(probe.state()).isEqualTo(NvidiaSmiProbe.State.OK);
        }
    }

    @Test
    void noDevicesIsNotAnError() throws Exception {
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(FakeNvidiaSmi.printing(dir, "nvidia-smi-no-devices.txt", 6).toString(), TIMEOUT)) {
            assertThat(probe.read()).isEmpty();
        }
    }

    @Test
    void hungNvidiaSmiIsKilledAfterTheTimeoutAndSamplingGoesOn() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(FakeNvidiaSmi.hanging(dir).toString(), timeout);
             SensorSampler sampler = new SensorSampler("h", ScriptedHostProbe.idle(), probe)) {
            // Both samples return (a hung nvidia-smi would block here forever); how long they take is measured
            // by SamplingCostBench, not asserted.
            List<Point> first = sampler.sample();
            List<Point> second = sampler.sample();
            assertThat(first).extracting(p -> p.measurement).containsExactly("host");
            assertThat(second).extracting(p -> p.measurement).containsExactly("host");
            assertThat(probe.state()).isEqualTo(NvidiaSmiProbe.State.HUNG);
            assertThat(probe.failures()).isEqualTo(2);
            // The hung script and its sleeping child are gone.
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count()).isZero();
        }
    }

    @Test
    void noNvidiaSmiMeansHostMetricsOnlyAndItIsNotRetried() throws Exception {
        try (NvidiaSmiProbe probe = new NvidiaSmiProbe(dir.resolve("no-such-nvidia-smi").toString(), TIMEOUT);
             SensorSampler sampler = new SensorSampler("h", ScriptedHostProbe.idle(), probe)) {
            assertThat(sampler.sample()).extracting(p -> p.measurement).containsExactly("host");
            assertThat(probe.state()).isEqualTo(NvidiaSmiProbe.State.ABSENT);
            assertThat(sampler.sample()).hasSize(1);
        }
    }

    @Test
    void lineParsing() {
        GpuReading g = NvidiaSmiProbe.parseLine("3, Vendor GPU, rev 2, GPU-abc, 5, 10, 100, 40, 70.5");
        assertThat(g.name()).isEqualTo("Vendor GPU, rev 2");
        assertThat(g.uuid()).isEqualTo("GPU-abc");
        assertThat(g.powerW()).isEqualTo(70.5);
        assertThat(NvidiaSmiProbe.parseLine("")).isNull();
        assertThat(NvidiaSmiProbe.parseLine("index, name, uuid, a, b, c, d, e")).isNull();
        assertThat(NvidiaSmiProbe.parse("garbage\n" + "0, G, GPU-x, 1, 2, 3, 4, 5\n")).hasSize(1);
        assertThat(NvidiaSmiProbe.number("[Not Supported]")).isNaN();
        assertThat(NvidiaSmiProbe.number("N/A")).isNaN();
    }

}
