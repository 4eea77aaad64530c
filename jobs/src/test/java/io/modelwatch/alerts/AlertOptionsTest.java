package io.modelwatch.alerts;

import io.modelwatch.cli.AlertOptions;
import io.modelwatch.cli.Main;
import io.modelwatch.cli.UsageException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code --rules}, {@code --alertmanager}, {@code --alert-resend} mixin as a job command sees it. */
class AlertOptionsTest {

    @Command(name = "job")
    static final class JobCommand {
        @Mixin AlertOptions alerts;
    }

    static AlertOptions parse(String... args) {
        JobCommand job = new JobCommand();
        new CommandLine(job).parseArgs(args);
        return job.alerts;
    }

    @Test
    void withoutOptionsThereAreNoRulesAndNoAlertmanager() {
        AlertOptions options = parse();
        assertThat(options.rules()).isNull();
        assertThat(options.alertmanager()).isNull();
    }

    @Test
    void rulesAlertmanagerAndResend() {
        AlertOptions options = parse("--rules", RulesCheckTest.shippedRules().toString(),
                "--alertmanager", "http://127.0.0.1:9093", "--alert-resend", "30s");
        assertThat(options.rules().size()).isEqualTo(8); // the six of contract 6, DataDriftBeyondReference, ModelAccuracyDrop
        assertThat(options.alertmanager().resend()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.alertmanager().alertsEndpoint().toString()).isEqualTo("http://127.0.0.1:9093/api/v2/alerts");
        assertThat(parse("--rules", RulesCheckTest.shippedRules().toString(), "--alertmanager", "http://am:9093/")
                .alertmanager().resend()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void mistakesAreUsageErrors() throws Exception {
        assertThatThrownBy(() -> parse("--alertmanager", "http://am:9093").rules())
                .isInstanceOf(UsageException.class).hasMessage("--alertmanager needs --rules FILE");
        assertThatThrownBy(() -> parse("--alert-resend", "0").alertmanager())
                .isInstanceOf(UsageException.class).hasMessageContaining("--alert-resend '0'");
        assertThatThrownBy(() -> parse("--alertmanager", "am:9093").alertmanager())
                .isInstanceOf(UsageException.class).hasMessageContaining("not an http(s)://HOST:PORT URL");
        assertThatThrownBy(() -> parse("--rules", RulesCheckTest.resource("bad-rules.yaml").toString()).rules())
                .isInstanceOf(RulesException.class).hasMessageContaining("bad-rules.yaml:5: unknown measurement");
    }

    @Test
    void rulesWithoutASubcommandIsAUsageError() {
        assertThat(Main.execute("rules")).isEqualTo(2);
        assertThat(Main.execute("rules", "check")).isEqualTo(2);
    }
}
