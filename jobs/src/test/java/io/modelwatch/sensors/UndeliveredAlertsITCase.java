package io.modelwatch.sensors;

import io.modelwatch.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded run ({@code sensors --samples 2}) whose alert fires while nothing listens at --alertmanager: the
 * alert is in the file, stderr says it was not delivered, and the exit status is 3 (0 with
 * --alertmanager-optional), so a nightly job cannot lose its alerts unseen.
 */
class UndeliveredAlertsITCase {
    @TempDir Path dir;

    record Run(int status, List<String> err) {}

    Run sensors(String... extra) throws Exception {
        Path smi = FakeNvidiaSmi.printing(dir, "nvidia-smi-8gpu.csv", 0);
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, String.join("\n",
                "groups:",
                "  - name: g",
                "    rules:",
                "      - alert: GPUMemoryHigh",
                "        expr: gpu.memory_percent > 90",
                "        for: 0s",
                "        labels: {severity: P2}",
                ""));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String> args = new java.util.ArrayList<>(List.of("sensors", "--samples", "2", "--interval", "1s",
                "--host-name", "it-host", "--nvidia-smi", smi.toString(), "--sink", "file:" + dir.resolve("out.lp"),
                "--rules", rules.toString(), "--alertmanager", "http://127.0.0.1:" + closedPort));
        args.addAll(List.of(extra));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.execute(args.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
        System.err.print(err.toString(StandardCharsets.UTF_8));
        return new Run(status, err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void undeliveredAlertsAreSaidOnStderrAndTheExitStatusIs3() throws Exception {
        Run r = sensors();
        assertThat(r.status).isEqualTo(Main.EXIT_ALERTS_UNDELIVERED).isEqualTo(3);
        assertThat(r.err).filteredOn(l -> l.startsWith("sensors: ")).singleElement().asString()
                .matches("sensors: \\d+ alerts? could not be delivered to Alertmanager at http://127\\.0\\.0\\.1:\\d+ by the end "
                        + "of the run \\(they are in the alerts points and the log\\); exit status 3 "
                        + "\\(--alertmanager-optional makes this status 0\\)");
        assertThat(Files.readAllLines(dir.resolve("out.lp"))).anyMatch(l -> l.startsWith("alerts,")
                && l.contains("rule=GPUMemoryHigh") && l.contains("state=\"firing\""));
    }

    @Test
    void withAlertmanagerOptionalTheRunStillSaysItButExits0() throws Exception {
        Run r = sensors("--alertmanager-optional");
        assertThat(r.status).isZero();
        assertThat(r.err).filteredOn(l -> l.startsWith("sensors: ")).singleElement().asString()
                .contains("could not be delivered to Alertmanager").endsWith("; exit status 0 (--alertmanager-optional)");
    }
}
