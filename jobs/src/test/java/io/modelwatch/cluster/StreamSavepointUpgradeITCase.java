package io.modelwatch.cluster;

import io.modelwatch.testing.FaultRun;
import io.modelwatch.testing.KafkaBroker;
import io.modelwatch.testing.LocalFlinkCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade as an operator does it, with {@code bin/modelwatch} (the built jar, its own JVM): {@code stream
 * --savepoint-dir DIR} runs over the first half of the records and gets SIGTERM once some windows are written;
 * it stops with a savepoint and prints its path. The second half is produced while no job runs, and a new
 * process (the job built again) resumes with {@code --from-savepoint PATH} on the same sink file. Together the
 * two processes wrote every window of a clean {@code --bounded} run exactly once, with its values.
 *
 * <p>In failsafe (it needs the packaged jar). The savepoint and the lines written before the stop are also copied
 * to {@code target/stream-savepoint-fixture}: that is how {@code src/test/resources/stream/savepoint-v1} (which
 * StreamSavepointCompatibilityITCase restores with the code of today) was made.
 */
class StreamSavepointUpgradeITCase {
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Path TARGET = Path.of(System.getProperty("modelwatch.build.directory", "target")).toAbsolutePath();
    private static final Pattern SAVEPOINT = Pattern.compile("stream: savepoint (\\S+) \\(resume");

    @Test
    void stopWithSavepointOnSigtermAndResumeWritesEveryWindowOnce() throws Exception {
        Path dir = TARGET.resolve("savepoint-upgrade-it");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        FaultRun data = FaultRun.generate(dir.resolve("data"));
        String topic = "upgrade";
        FaultRun.createTopic(KAFKA.bootstrapServers(), topic);
        FaultRun.send(KAFKA.bootstrapServers(), topic, data.firstHalf(), 0);
        Path out = dir.resolve("upgrade.lp"), savepoints = dir.resolve("savepoints");

        Process first = modelwatch(dir, "first", args(data, topic, out, "--savepoint-dir", savepoints.toString()));
        awaitWindows(first, out, 20, dir.resolve("first.err"));
        List<String> beforeStop;
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(180, TimeUnit.SECONDS)).as("stopped with a savepoint within 180 s").isTrue();
        String err = Files.readString(dir.resolve("first.err"));
        assertThat(first.exitValue()).as("exit status after SIGTERM\n" + err).isZero();
        Matcher m = SAVEPOINT.matcher(err);
        assertThat(m.find()).as("the savepoint's path in\n" + err).isTrue();
        String savepoint = m.group(1);
        beforeStop = Files.readAllLines(out, StandardCharsets.UTF_8);
        copyFixture(savepoint, out);

        FaultRun.send(KAFKA.bootstrapServers(), topic, data.secondHalf(), data.firstHalf().size());
        Path clean = dir.resolve("clean.lp");
        data.runClean(KAFKA.bootstrapServers(), topic, clean);

        Process second = modelwatch(dir, "second", args(data, topic, out, "--from-savepoint", savepoint));
        try {
            FaultRun.awaitPoints(out, FaultRun.points(clean).keySet(), Duration.ofSeconds(240), second::isAlive,
                    () -> tail(dir.resolve("second.err")));
        } finally {
            second.destroy();
            if (!second.waitFor(120, TimeUnit.SECONDS)) second.destroyForcibly();
        }
        assertThat(beforeStop.stream().filter(l -> !l.startsWith("pipeline")).count())
                .as("windows written before the stop").isGreaterThanOrEqualTo(20);
        FaultRun.assertSameWindowsOnce(out, clean);
    }

    static List<String> args(FaultRun data, String topic, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("--checkpoint-interval", "1s", "--restart-attempts", "0"));
        a.addAll(List.of(more));
        return data.streamArgs(KAFKA.bootstrapServers(), topic, "upgrade", out, a.toArray(new String[0]));
    }

    static Process modelwatch(Path dir, String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(LocalFlinkCluster.repositoryRoot().resolve("bin/modelwatch").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("MODELWATCH_JAVA_OPTS", "-Xmx768m");
        pb.environment().put("MODELWATCH_LOG_DIR", dir.resolve(name + "-log").toString());
        Files.createDirectories(dir.resolve(name + "-log"));
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        return pb.start();
    }

    static void awaitWindows(Process p, Path out, int count, Path err) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (FaultRun.points(out).size() < count) {
            assertThat(p.isAlive()).as("stream still running\n" + tail(err)).isTrue();
            assertThat(System.nanoTime()).as(count + " windows written within 240 s\n" + tail(err)).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** The savepoint and the lines written before it, for the compatibility test's resources. */
    static void copyFixture(String savepoint, Path out) throws IOException {
        Path from = Path.of(java.net.URI.create(savepoint.startsWith("file:") ? savepoint : "file:" + savepoint));
        Path to = TARGET.resolve("stream-savepoint-fixture");
        deleteRecursively(to);
        Files.createDirectories(to.resolve("savepoint"));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve("savepoint").resolve(f.getFileName()));
        }
        Files.copy(out, to.resolve("written-before-stop.lp"));
    }

    static String tail(Path f) {
        try {
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
