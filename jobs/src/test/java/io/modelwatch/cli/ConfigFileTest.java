package io.modelwatch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --config FILE}: the file's values stand in for options not given; the command line wins. */
class ConfigFileTest {
    @TempDir Path dir;

    private StreamCommand parseStream(String... args) {
        CommandLine cl = Main.commandLine(args);
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (StreamCommand) r.subcommand().commandSpec().userObject();
    }

    private Path file(String... lines) throws Exception {
        Path f = dir.resolve("stream.yaml");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void theFilesValuesAreTheOptionsIncludingRequiredOnesListsFlagsAndMixins() throws Exception {
        Path f = file("# one file per job",
                "kafka-bootstrap: broker-1:9092,broker-2:9092",
                "kafka-topic: [predictions-a, predictions-b]",
                "reference: /snapshots",
                "window: 1h",
                "slide: 5m",
                "bounded: true",
                "restart-attempts: 7",
                "sink: influx:http://influx:8086/modelwatch",      // SinkOptions, a mixin
                "rules: /etc/modelwatch/rules.yaml");              // AlertOptions, a mixin
        StreamCommand s = parseStream("stream", "--config", f.toString());
        assertThat(s.bootstrap).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(s.topics).containsExactly("predictions-a", "predictions-b");
        assertThat(s.reference).isEqualTo("/snapshots");
        assertThat(s.window).isEqualTo("1h");
        assertThat(s.slide).isEqualTo("5m");
        assertThat(s.bounded).isTrue();
        assertThat(s.restartAttempts).isEqualTo(7);
        assertThat(s.out.alerts.rulesFile).isEqualTo(Path.of("/etc/modelwatch/rules.yaml"));
        // options the file does not name keep their defaults
        assertThat(s.groupId).isEqualTo(parseStream("stream", "--kafka-bootstrap", "b", "--kafka-topic", "t",
                "--reference", "r").groupId);
    }

    @Test
    void theCommandLineWinsOverTheFile() throws Exception {
        Path f = file("kafka-bootstrap: from-file:9092", "kafka-topic: t", "reference: /r", "window: 1h", "bounded: false");
        StreamCommand s = parseStream("stream", "--window", "10m", "--config=" + f, "--kafka-bootstrap", "cli:9092", "--bounded");
        assertThat(s.window).isEqualTo("10m");
        assertThat(s.bootstrap).isEqualTo("cli:9092");
        assertThat(s.bounded).isTrue();
        assertThat(s.reference).isEqualTo("/r");
    }

    @Test
    void aRealRunTakesItsOptionsFromTheFile() throws Exception {
        Path out = dir.resolve("logs");
        Path f = dir.resolve("generate.yaml");
        Files.writeString(f, "output: " + out + "\nmodels: [m1, m2]\nevents: 50\nfeatures: 2\ncategorical: 1\nfiles: 1\n");
        assertThat(Main.execute("generate", "--config", f.toString(), "--events", "30")).isZero();
        List<String> lines;
        try (var files = Files.list(out)) {
            Path only = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            lines = Files.readAllLines(only);
        }
        assertThat(lines).hasSize(60); // 30 events (command line) x 2 models (file)
        assertThat(lines).anyMatch(l -> l.contains("\"model\":\"m2\"")).anyMatch(l -> l.contains("num_001"))
                .noneMatch(l -> l.contains("num_002"));
    }

    @Test
    void anUnknownKeyAMissingFileBrokenYamlAndAListForOneValueAreOneLineUsageErrors() throws Exception {
        assertUsageError(run("stream", "--config", file("windw: 1h").toString()),
                "modelwatch stream: --config " + dir.resolve("stream.yaml") + ": 'windw' is not an option of stream "
                        + "(keys are its long option names without '--'; see stream --help)");
        assertUsageError(run("backfill", "--config", dir.resolve("nope.yaml").toString()),
                "modelwatch backfill: --config " + dir.resolve("nope.yaml") + ": cannot read it (NoSuchFileException");
        assertUsageError(run("stream", "--config", file("window: [1h", "slide: 5m").toString()),
                "modelwatch stream: --config " + dir.resolve("stream.yaml") + ": not valid YAML");
        assertUsageError(run("stream", "--config", file("window: [1h, 2h]").toString()),
                "'window' takes one value, not a list");
        assertUsageError(run("stream", "--config", file("- window").toString()), "must be a mapping of option names");
        assertUsageError(run("stream", "--config", file("config: other.yaml").toString()), "'config' is not an option");
        assertUsageError(run("stream", "--config"), "--config needs a FILE");
    }

    @Test
    void everyCommandTakesConfigAndSaysSoInItsHelp() {
        for (String command : List.of("generate", "reference", "backfill", "stream", "sensors", "agent", "demo", "bench")) {
            Run r = run(command, "--help");
            assertThat(r.status).as(command).isZero();
            assertThat(r.out).as(command).contains("--config=FILE").contains("options on the command line win");
        }
        assertThat(run("rules", "check", "--help").out).contains("--config=FILE");
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void assertUsageError(Run r, String containing) {
        assertThat(r.status).as(r.err).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err.lines().toList()).as(r.err).hasSize(1);
        assertThat(r.err).contains(containing);
    }
}
