package io.modelwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drives {@code deploy/local/flink-cluster} (the script a person uses too) from a test: start in the
 * background, wait for its REST URL, stop, and find any process of the cluster still alive.
 */
public final class LocalFlinkCluster {

    /** The repository root: the first folder above the working directory holding the script. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("deploy/local/flink-cluster"))) return d;
        }
        throw new IllegalStateException("deploy/local/flink-cluster not found above " + dir);
    }

    private final Path script;
    private final Path workdir;
    private Process starting;
    private Path startOut;
    private Path startErr;

    public LocalFlinkCluster(Path workdir) {
        this.script = repositoryRoot().resolve("deploy/local/flink-cluster");
        this.workdir = workdir.toAbsolutePath();
    }

    public Path workdir() {
        return workdir;
    }

    public Path log(String process) {
        return workdir.resolve("log").resolve(process + ".log");
    }

    /** Starts {@code flink-cluster start} and returns at once; {@link #awaitStarted} gives its REST URL. */
    public void startInBackground() throws IOException {
        startInBackground(new String[0]);
    }

    /** As {@link #startInBackground()}, with more options of the script (e.g. {@code --taskmanagers 2}). */
    public void startInBackground(String... options) throws IOException {
        startInBackgroundWithConf(null, options);
    }

    /** As {@link #startInBackground(String...)}, with lines for config.yaml (FLINK_CLUSTER_CONF; null: none). */
    public void startInBackgroundWithConf(String extraConf, String... options) throws IOException {
        Files.createDirectories(workdir);
        startOut = workdir.resolve("script-start.out");
        startErr = workdir.resolve("script-start.err");
        List<String> args = new ArrayList<>(List.of("start", "--rest-port", "0"));
        args.addAll(List.of(options));
        ProcessBuilder pb = command(args.toArray(new String[0]));
        if (extraConf != null) pb.environment().put("FLINK_CLUSTER_CONF", extraConf);
        starting = pb
                .redirectOutput(startOut.toFile())
                .redirectError(startErr.toFile())
                .start();
    }

    public String awaitStarted(Duration timeout) throws IOException, InterruptedException {
        if (!starting.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            starting.destroy();
            throw new AssertionError("flink-cluster start did not return in " + timeout + "\n" + startErrText());
        }
        if (starting.exitValue() != 0) {
            throw new AssertionError("flink-cluster start failed with status " + starting.exitValue() + "\n"
                    + startErrText());
        }
        List<String> out = Files.readAllLines(startOut, StandardCharsets.UTF_8);
        String url = out.stream().map(String::trim).filter(l -> l.startsWith("http://"))
                .reduce((a, b) -> b).orElse(null);
        if (url == null) throw new AssertionError("flink-cluster start printed no REST URL: " + out);
        return url;
    }

    public String startErrText() {
        try {
            return startErr == null || !Files.exists(startErr) ? "" : Files.readString(startErr);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** {@code flink-cluster stop}; returns what it printed. Safe to call when nothing runs. */
    public String stop() throws IOException, InterruptedException {
        if (starting != null && starting.isAlive()) {
            starting.destroy();
            starting.waitFor(10, TimeUnit.SECONDS);
        }
        Process p = command("stop").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("flink-cluster stop did not return in 60 s: " + out);
        }
        if (p.exitValue() != 0) throw new AssertionError("flink-cluster stop failed: " + out);
        return out;
    }

    /**
     * The processes of this cluster still alive: those of the pid files and any whose command line names
     * this workdir (the script puts {@code -Dflink.cluster.workdir=WORKDIR} on both).
     */
    public List<String> liveProcesses() {
        String marker = "-Dflink.cluster.workdir=" + workdir;
        List<String> live = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(h -> live.add(h.pid() + " " + h.info().command().orElse("?")));
        for (long pid : recordedPids()) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(true))
                    .filter(h -> live.stream().noneMatch(l -> l.startsWith(pid + " ")))
                    .ifPresent(h -> live.add(pid + " (pid file)"));
        }
        return live;
    }

    /** The pids the script recorded (a stopped process's file is removed). */
    public List<Long> recordedPids() {
        Path dir = workdir.resolve("pids");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".pid")).map(f -> {
                try {
                    return Long.parseLong(Files.readString(f).trim());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (NumberFormatException e) {
                    return -1L;
                }
            }).filter(pid -> pid > 0).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a process's log, for failure messages. */
    public String logTail(String process, int lines) {
        Path f = log(process);
        try {
            if (!Files.exists(f)) return "(no " + f + ")";
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            return "--- " + f + " (last " + lines + " lines)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + f + ": " + e + ")";
        }
    }

    private ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.add(args[0]);
        cmd.add("--workdir");
        cmd.add(workdir.toString());
        for (int i = 1; i < args.length; i++) cmd.add(args[i]);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        // Resolve the cluster's jars with the Maven (and the settings) that runs this test.
        String mavenHome = System.getProperty("maven.home", "");
        if (!mavenHome.isBlank() && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))) {
            env.put("MVN", Path.of(mavenHome, "bin", "mvn").toString());
        }
        List<String> mvnArgs = new ArrayList<>();
        String repo = System.getProperty("modelwatch.maven.repo.local", "");
        if (!repo.isBlank() && !repo.contains("${")) mvnArgs.add("-Dmaven.repo.local=" + repo);
        env.put("FLINK_CLUSTER_MVN_ARGS", String.join(" ", mvnArgs));
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return pb;
    }

    private static final java.util.Set<String> FAILED_STATES = java.util.Set.of("FAILED", "CANCELED", "CANCELLING", "FAILING");

    /**
     * Polls the job until it is FINISHED and returns its description; fails the test at once when it fails or is
     * cancelled, or after {@code timeout}, with Flink's exceptions and the tails of both processes' logs.
     */
    public com.fasterxml.jackson.databind.JsonNode awaitFinished(FlinkRestClient rest, String jobId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "?";
        while (System.nanoTime() < deadline) {
            com.fasterxml.jackson.databind.JsonNode job = rest.job(jobId);
            state = job.path("state").asText();
            if (state.equals("FINISHED")) return job;
            if (FAILED_STATES.contains(state)) {
                throw new AssertionError("job " + jobId + " is " + state + "\n" + rest.exceptions(jobId) + "\n"
                        + logTail("jobmanager", 80) + "\n" + logTail("taskmanager", 40));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " still " + state + " after " + timeout + "\n"
                + logTail("jobmanager", 80) + "\n" + logTail("taskmanager", 40));
    }

    /** Stops the cluster and fails the test when any of its processes outlived the stop. */
    public void stopAndAssertNothingLeft() throws IOException, InterruptedException {
        String stopped = stop();
        List<String> left = liveProcesses();
        if (!left.isEmpty()) throw new AssertionError("cluster processes after stop (" + stopped + "): " + left);
    }
}
