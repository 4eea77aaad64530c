package io.modelwatch.influx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxCredentialsTest {
    @TempDir Path tmp;

    @Test
    void userAndPasswordFromTheEnvironmentBecomeBasicAuth() {
        InfluxCredentials c = InfluxCredentials.resolve(Map.of("INFLUX_USER", "bob", "INFLUX_PASSWORD", "pw"), null);
        assertThat(c.authorizationHeader()).contains("Basic Ym9iOnB3");
    }

    @Test
    void tokenFromTheEnvironmentBecomesATokenHeader() {
        assertThat(InfluxCredentials.resolve(Map.of("INFLUX_TOKEN", "abc"), null).authorizationHeader())
                .contains("Token abc");
    }

    @Test
    void nothingSetMeansNoCredentials() {
        assertThat(InfluxCredentials.resolve(Map.of(), null).isPresent()).isFalse();
    }

    @Test
    void credentialsFileFromTheEnvironmentIsRead() throws Exception {
        Path f = Files.writeString(tmp.resolve("creds"), "# modelwatch\nINFLUX_USER=bob\nINFLUX_PASSWORD='p w'\n");
        InfluxCredentials c = InfluxCredentials.resolve(Map.of("INFLUX_CREDENTIALS_FILE", f.toString()), null);
        assertThat(c.authorizationHeader()).contains("Basic Ym9iOnAgdw==");
    }

    @Test
    void aFileGivenExplicitlyWinsOverTheEnvironment() throws Exception {
        Path f = Files.writeString(tmp.resolve("creds"), "INFLUX_TOKEN=fromfile\n");
        assertThat(InfluxCredentials.resolve(Map.of("INFLUX_TOKEN", "fromenv"), f).authorizationHeader())
                .contains("Token fromfile");
    }

    @Test
    void toStringNeverShowsThePasswordOrToken() {
        assertThat(InfluxCredentials.basic("bob", "hunter2").toString()).contains("bob").doesNotContain("hunter2");
        assertThat(InfluxCredentials.token("s3cr3t").toString()).doesNotContain("s3cr3t");
        assertThat(InfluxSink.builder().setUrl("http://h:8086").setDatabase("db")
                .setCredentials(InfluxCredentials.basic("bob", "hunter2")).build().toString()).doesNotContain("hunter2");
    }

    @Test
    void userWithoutPasswordIsAOneLineUsageError() {
        assertThatThrownBy(() -> InfluxCredentials.resolve(Map.of("INFLUX_USER", "bob"), null))
                .isInstanceOf(InfluxSetupException.class).hasMessageContaining("INFLUX_PASSWORD");
    }

    @Test
    void tokenAndUserTogetherIsAUsageError() {
        assertThatThrownBy(() -> InfluxCredentials.resolve(
                Map.of("INFLUX_USER", "bob", "INFLUX_PASSWORD", "x", "INFLUX_TOKEN", "t"), null))
                .isInstanceOf(InfluxSetupException.class).hasMessageContaining("not both");
    }
}
