package io.modelwatch.influx;

import io.modelwatch.cli.SinkOptions;
import io.modelwatch.cli.UsageException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinkOptionsTest {

    @CommandLine.Command(name = "cmd")
    static final class Cmd {
        @CommandLine.Mixin SinkOptions sink;
    }

    private static SinkSpec parse(String... args) {
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs(args);
        return cmd.sink.sinkSpec("file:out/points.lp");
    }

    @Test
    void influxOptionsEndUpInTheSpec() {
        SinkSpec spec = parse("--sink", "influx:http://h:8086/mw", "--influx-create-db",
                "--influx-retention-policy", "week", "--dead-letter", "dl.jsonl");
        assertThat(spec.influxBaseUri().toString()).isEqualTo("http://h:8086");
        assertThat(spec.influxDatabase()).isEqualTo("mw");
        assertThat(spec.createDatabase()).isTrue();
        assertThat(spec.retentionPolicy()).isEqualTo("week");
        assertThat(spec.deadLetterFile()).isEqualTo(Paths.get("dl.jsonl").toAbsolutePath());
    }

    @Test
    void withoutSinkTheCommandsDefaultIsUsed() {
        assertThat(parse().toString()).isEqualTo("file:out/points.lp");
    }

    @Test
    void influxOnlyOptionsWithAFileSinkAreAUsageError() {
        assertThatThrownBy(() -> parse("--sink", "file:x.lp", "--influx-create-db"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--influx-create-db needs --sink influx:");
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThatThrownBy(() -> parse("--sink", "influx:http://u:p@h:8086/mw"))
                .isInstanceOf(InfluxSetupException.class).hasMessageContaining("INFLUX_USER/INFLUX_PASSWORD");
    }
}
