package io.modelwatch.sensors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the NVIDIA GPUs by running {@code nvidia-smi --query-gpu=... --format=csv,noheader,nounits} once
 * per sample.
 *
 * <ul>
 *   <li>No nvidia-smi (not on PATH, or the given path does not run): one log line, host metrics only from
 *       then on; it is not tried again.
 *   <li>nvidia-smi fails (a non-zero exit, e.g. "NVIDIA-SMI has failed because it couldn't communicate with
 *       the NVIDIA driver", or "No devices were found"): no GPU points for that sample; one log line when this
 *       starts and one when it recovers, not one every interval.
 *   <li>nvidia-smi hangs (a wedged driver does that): it is killed, with its children, after the timeout;
 *       no GPU points for that sample; logged like a failure; the next sample tries again.
 *   <li>{@code [N/A]}, {@code [Not Supported]} and the like (utilisation in MIG mode, power on some boards):
 *       that field is left out of the point; the rest of the GPU is written.
 * </ul>
 *
 * <p>The output goes to a scratch file rather than a pipe, so a hung nvidia-smi (or a child holding the pipe
 * open) can never block the sampling thread past the timeout.
 */
final class NvidiaSmiProbe implements GpuProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NvidiaSmiProbe.class);

    static final String QUERY =
            "--query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw";
    static final String FORMAT = "--format=csv,noheader,nounits";
    private static final int COLUMNS = 8;

    enum State { OK, FAILED, HUNG, ABSENT }

    private final String executable;
    private final Duration timeout;
    private State state = State.OK;
    private Path scratch;
    private long failures;

    NvidiaSmiProbe(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    State state() {
        return state;
    }

    /** Samples that got no GPU figures because nvidia-smi failed or hung. */
    long failures() {
        return failures;
    }

    @Override
    public List<GpuReading> read() {
        if (state == State.ABSENT) return List.of();
        Process process;
        try {
            if (scratch == null) {
                scratch = Files.createTempFile("modelwatch-nvidia-smi", ".out");
                scratch.toFile().deleteOnExit();
            }
            process = new ProcessBuilder(executable, QUERY, FORMAT)
                    .redirectErrorStream(true)
                    .redirectOutput(scratch.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            LOG.info("no GPU metrics: nvidia-smi could not be started ({}); sampling host metrics only",
                    e.getMessage());
            state = State.ABSENT;
            return List.of();
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                failures++;
                change(State.HUNG, "nvidia-smi did not answer within " + timeout.toMillis()
                        + " ms and was killed; no GPU metrics until it answers again");
                return List.of();
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return List.of();
        }
        String output;
        try {
            output = Files.readString(scratch, StandardCharsets.UTF_8);
        } catch (IOException e) {
            output = "";
        }
        if (process.exitValue() != 0) {
            failures++;
            change(State.FAILED, "nvidia-smi failed (exit " + process.exitValue() + "): " + firstLine(output)
                    + "; no GPU metrics until it answers again");
            return List.of();
        }
        List<GpuReading> gpus = parse(output);
        if (gpus.isEmpty() && !output.isBlank()) {
            failures++;
            change(State.FAILED, "nvidia-smi gave nothing readable: " + firstLine(output));
            return gpus;
        }
        change(State.OK, "nvidia-smi answers again: " + gpus.size() + " GPU(s)");
        return gpus;
    }

    private void change(State next, String message) {
        if (next == state) return;
        if (next == State.OK) LOG.info(message);
        else LOG.warn(message);
        state = next;
    }

    /** Parses the CSV lines; a line that does not parse is skipped. */
    static List<GpuReading> parse(String output) {
        List<GpuReading> out = new ArrayList<>();
        for (String line : output.split("\r?\n")) {
            GpuReading r = parseLine(line);
            if (r != null) out.add(r);
        }
        return out;
    }

    static GpuReading parseLine(String line) {
        String[] cols = line.split(",", -1);
        if (cols.length < COLUMNS) return null;
        for (int i = 0; i < cols.length; i++) cols[i] = cols[i].trim();
        // A name with a comma in it makes more columns: the name is everything between index and uuid.
        int n = cols.length;
        String index = cols[0];
        if (!index.matches("\\d+")) return null;
        String uuid = cols[n - 6];
        String name = String.join(", ", java.util.Arrays.copyOfRange(cols, 1, n - 6));
        return new GpuReading(index, name, uuid,
                number(cols[n - 5]),
                mib(cols[n - 4]),
                mib(cols[n - 3]),
                number(cols[n - 2]),
                number(cols[n - 1]));
    }

    /** NaN for {@code [N/A]}, {@code [Not Supported]}, {@code N/A}, {@code [Unknown Error]}, and anything else non-numeric. */
    static double number(String s) {
        if (s.isEmpty() || s.startsWith("[") || s.equalsIgnoreCase("N/A")) return Double.NaN;
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static long mib(String s) {
        double v = number(s);
        return Double.isNaN(v) || v < 0 ? -1 : Math.round(v);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return t.isEmpty() ? "(no output)" : (nl < 0 ? t : t.substring(0, nl)).strip();
    }

    @Override
    public void close() {
        if (scratch != null) {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException ignored) {
                // a scratch file in the temp dir; deleteOnExit is set too
            }
        }
    }

    /**
     * SIGKILL to the hung nvidia-smi and what it started, then a bounded wait for them to exit: the kill is
     * asynchronous, and a sampler that returned at once would leave them running (or unreaped) while the next
     * sample starts another. Five seconds bound the wait so a process stuck in the kernel cannot stop sampling.
     */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        process.waitFor(5, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                c.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                break; // gone or stuck: the sample goes on either way
            }
        }
    }
}
