package io.modelwatch.sensors;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/**
 * What one sample costs: CPU time of the sampling thread (ThreadMXBean) plus that of the nvidia-smi child
 * processes (the reaped children's user+system time in /proc/self/stat), with and without (fake) GPUs.
 * Samples are 350 ms apart because OSHI caches readings for 300 ms: back to back they would cost nothing.
 * Also the wall time of two samples while nvidia-smi hangs (killed after a 300 ms timeout each time).
 * Writes target/sensors-sampling-cost.txt; docs/sensors.md quotes it. Budget: 1 % of a core at 10 s = 100 ms.
 * A bench, not a test (the figures depend on the machine): run by hand as InfluxSinkBench (docs/influx.md),
 * {@code java -cp ... io.modelwatch.sensors.SamplingCostBench}.
 */
public final class SamplingCostBench {
    private static final int WARMUP = 3, SAMPLES = 12;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sampling-cost");
        double[] host = measure(GpuProbe.NONE);
        Path smi = FakeNvidiaSmi.printing(dir, "nvidia-smi-8gpu.csv", 0);
        double[] gpus = measure(new NvidiaSmiProbe(smi.toString(), Duration.ofSeconds(5)));
        String report = String.format(Locale.ROOT,
                "host only:            %.2f ms CPU per sample (JVM %.2f + children %.2f), %.3f %% of a core at 10 s%n"
                        + "host + 8 fake GPUs:   %.2f ms CPU per sample (JVM %.2f + children %.2f), %.3f %% of a core at 10 s%n",
                host[0] + host[1], host[0], host[1], (host[0] + host[1]) / 100.0,
                gpus[0] + gpus[1], gpus[0], gpus[1], (gpus[0] + gpus[1]) / 100.0);
        try (NvidiaSmiProbe hung = new NvidiaSmiProbe(FakeNvidiaSmi.hanging(dir).toString(), Duration.ofMillis(300));
             SensorSampler sampler = new SensorSampler("h", ScriptedHostProbe.idle(), hung)) {
            long t0 = System.nanoTime();
            sampler.sample();
            sampler.sample();
            report += String.format(Locale.ROOT, "two samples, nvidia-smi hung (300 ms timeout): %.0f ms wall%n",
                    (System.nanoTime() - t0) / 1e6);
        }
        System.out.print(report);
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target/sensors-sampling-cost.txt"), report);
    }

    /** {JVM thread CPU ms, child processes CPU ms} per sample. */
    private static double[] measure(GpuProbe gpus) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (SensorSampler s = new SensorSampler("cost", new OshiHostProbe(), gpus)) {
            for (int i = 0; i < WARMUP; i++) {
                s.sample();
                Thread.sleep(350);
            }
            long cpu = 0;
            long children0 = childrenCpuMillis();
            for (int i = 0; i < SAMPLES; i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                s.sample();
                cpu += mx.getCurrentThreadCpuTime() - t0;
                Thread.sleep(350);
            }
            long children = childrenCpuMillis() - children0;
            return new double[] {cpu / 1e6 / SAMPLES, (double) children / SAMPLES};
        }
    }

    /** cutime + cstime of this process (waited-for children), in ms; USER_HZ is 100 on Linux. */
    private static long childrenCpuMillis() throws Exception {
        String stat = Files.readString(Paths.get("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
    }
}
