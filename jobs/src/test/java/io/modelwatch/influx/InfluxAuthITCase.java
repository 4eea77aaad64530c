package io.modelwatch.influx;

import io.modelwatch.testing.InfluxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** InfluxDB with authentication on: wrong or missing credentials are one clear line, right ones write. */
class InfluxAuthITCase {

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.withAuth();

    @TempDir Path tmp;

    private static InfluxClient client(InfluxCredentials credentials) {
        return InfluxClient.forSpec(SinkSpec.parse(INFLUX.sinkSpec("secure")), credentials);
    }

    @Test
    void wrongPasswordIsAOneLineErrorNamingTheVariablesToFix() {
        assertThatThrownBy(() -> client(InfluxCredentials.basic(InfluxServer.ADMIN_USER, "wrong")).checkReady(true))
                .isInstanceOf(InfluxSetupException.class)
                .hasMessageContaining("refused user 'admin' (401 authorization failed)")
                .hasMessageContaining("set INFLUX_USER/INFLUX_PASSWORD or INFLUX_TOKEN")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("wrong"));
    }

    @Test
    void missingCredentialsAreAOneLineErrorToo() {
        assertThatThrownBy(() -> client(InfluxCredentials.none()).checkReady(true))
                .isInstanceOf(InfluxSetupException.class)
                .hasMessageContaining("refused a request without credentials")
                .hasMessageContaining("INFLUX_USER/INFLUX_PASSWORD");
    }

    @Test
    void theRightPasswordFromACredentialsFileCreatesTheDatabaseAndWrites() throws Exception {
        Path file = Files.writeString(tmp.resolve("influx.env"),
                "INFLUX_USER=" + InfluxServer.ADMIN_USER + "\nINFLUX_PASSWORD=" + InfluxServer.ADMIN_PASSWORD + "\n");
        InfluxCredentials credentials = InfluxCredentials.resolve(java.util.Map.of(), file);
        client(credentials).checkReady(true);

        InfluxBatchSender sender = new InfluxBatchSender(client(credentials),
                new InfluxBatchSender.Settings(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50), true),
                new DeadLetterFile(tmp.resolve("dead.jsonl")), new org.apache.flink.metrics.SimpleCounter(),
                new org.apache.flink.metrics.SimpleCounter(), new org.apache.flink.metrics.SimpleCounter(), ms -> {});
        sender.send(List.of("m v=1 1\n".getBytes())).get();
        assertThat(INFLUX.rows("secure", "SELECT count(v) FROM m").get(0).get("count")).isEqualTo(1);
    }

    @Test
    void aWriteWithTheWrongPasswordFailsTheBatchAtOnce() {
        InfluxBatchSender sender = new InfluxBatchSender(client(InfluxCredentials.basic("admin", "nope")),
                new InfluxBatchSender.Settings(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50), true),
                new DeadLetterFile(tmp.resolve("dead.jsonl")), new org.apache.flink.metrics.SimpleCounter(),
                new org.apache.flink.metrics.SimpleCounter(), new org.apache.flink.metrics.SimpleCounter(), ms -> {});
        assertThatThrownBy(() -> sender.send(List.of("m v=1 1\n".getBytes())).join())
                .rootCause().isInstanceOf(InfluxSinkException.NonRecoverable.class)
                .hasMessageContaining("INFLUX_USER/INFLUX_PASSWORD");
    }
}
