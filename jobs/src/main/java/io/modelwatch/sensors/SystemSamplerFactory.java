package io.modelwatch.sensors;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The real sampler: OSHI for the host, nvidia-smi for the GPUs.
 *
 * @param hostName the {@code host} tag; null or empty means this machine's host name
 * @param nvidiaSmi the nvidia-smi to run (a path, or a name looked up on PATH)
 * @param nvidiaSmiTimeout how long nvidia-smi may take before it is killed
 */
public record SystemSamplerFactory(String hostName, String nvidiaSmi, Duration nvidiaSmiTimeout)
        implements SamplerFactory {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_NVIDIA_SMI = "nvidia-smi";
    public static final Duration DEFAULT_NVIDIA_SMI_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public SensorSampler create() {
        String host = hostName == null || hostName.isBlank() ? localHostName() : hostName;
        return new SensorSampler(host, new OshiHostProbe(), new NvidiaSmiProbe(nvidiaSmi, nvidiaSmiTimeout));
    }

    public static String localHostName() {
        String env = System.getenv("HOSTNAME");
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) return name;
        } catch (Exception e) {
            // fall through
        }
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
