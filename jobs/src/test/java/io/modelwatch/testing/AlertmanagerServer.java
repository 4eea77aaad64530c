package io.modelwatch.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) for tests: on a free 127.0.0.1 port, no
 * cluster listener, its storage in a temporary directory, routing every alert (grouped by all labels, short
 * group_wait/group_interval) to one webhook receiver with {@code send_resolved}. Stop and start it again on
 * the same port to play an outage.
 */
public final class AlertmanagerServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private AlertmanagerServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * The {@code prometheus-alertmanager} executable, found as bin/test finds it: on PATH, else Debian's
     * {@code /usr/bin/prometheus-alertmanager} (PATH may lack /usr/bin under some test runners). Missing, the test
     * fails with the reason; it never skips.
     */
    public static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path p = Paths.get(dir, "prometheus-alertmanager");
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            }
        }
        Path debian = Paths.get("/usr/bin/prometheus-alertmanager");
        if (Files.isExecutable(debian)) return debian;
        throw new IllegalStateException("prometheus-alertmanager is neither on PATH (" + path + ") nor in /usr/bin: "
                + "install Debian's prometheus-alertmanager package (bin/test does: apt-get install -y prometheus-alertmanager)");
    }

    /** Starts Alertmanager sending every notification to {@code webhook}; returns once it is ready. */
    public static AlertmanagerServer start(Path dir, URI webhook) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("alertmanager.yml"), String.join("\n",
                "route:",
                "  receiver: test",
                "  group_by: ['...']",
                "  group_wait: 100ms",
                "  group_interval: 200ms",
                "  repeat_interval: 1h",
                "receivers:",
                "  - name: test",
                "    webhook_configs:",
                "      - url: '" + webhook + "'",
                "        send_resolved: true",
                ""));
        AlertmanagerServer server = new AlertmanagerServer(dir, freePort());
        server.startProcess();
        return server;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Stops the process (an outage); {@link #restart()} brings it back on the same port. */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary().toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        awaitReady(Duration.ofSeconds(20));
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("alertmanager exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("alertmanager.log")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) url().resolve("/-/ready").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(500);
                if (c.getResponseCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("alertmanager not ready after " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
