package io.modelwatch.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker as its own process, started and stopped by {@code deploy/local/up --no-influx} and
 * {@code deploy/local/down} (the scripts a person uses), with its data in {@code workdir}: a stop keeps the
 * topics and offsets, so a later {@link #start()} is the same broker coming back.
 */
public final class KafkaProcess implements AutoCloseable {
    private final Path root = LocalFlinkCluster.repositoryRoot();
    private final Path workdir;
    private final int port;

    public KafkaProcess(Path workdir) throws IOException {
        this.workdir = workdir.toAbsolutePath();
        this.port = freePortPair();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void start() throws IOException, InterruptedException {
        run("up", "--no-influx", "--kafka-port", Integer.toString(port), "--timeout", "120");
    }

    /** TERM, then KILL after 20 s (what {@code down} does); the data stays. */
    public void stop() throws IOException, InterruptedException {
        run("down");
    }

    public String logTail(int lines) {
        Path f = workdir.resolve("log/kafka-server.log");
        try {
            if (!Files.exists(f)) return "(no " + f + ")";
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private void run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("deploy/local/" + script).toString());
        cmd.add("--workdir");
        cmd.add(workdir.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String mavenHome = System.getProperty("maven.home", "");
        if (!mavenHome.isBlank() && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))) {
            pb.environment().put("MVN", Path.of(mavenHome, "bin", "mvn").toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("deploy/local/" + script + " did not return in 180 s: " + out);
        }
        if (p.exitValue() != 0) throw new AssertionError("deploy/local/" + script + " failed (" + p.exitValue() + "): " + out);
    }

    /** A free port whose next port (the controller's) is free too. */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p >= 65535) continue;
            try (ServerSocket s = new ServerSocket(p + 1)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two free neighbouring ports");
    }
}
