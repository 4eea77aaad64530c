package io.modelwatch.sensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdsTest {
    @TempDir Path dir;

    @Test
    void defaultsAreTheContractsLevels() {
        Thresholds t = Thresholds.defaults();
        assertThat(t.status("host", "cpu_percent", 70)).isEqualTo("normal");
        assertThat(t.status("host", "cpu_percent", 70.01)).isEqualTo("warning");
        assertThat(t.status("host", "cpu_percent", 90.5)).isEqualTo("critical");
        assertThat(t.status("host", "mem_percent", 91)).isEqualTo("critical");
        assertThat(t.status("gpu", "utilization_percent", 95)).isEqualTo("warning");
        assertThat(t.status("gpu", "utilization_percent", 95.1)).isEqualTo("critical");
        assertThat(t.status("gpu", "memory_percent", 85)).isEqualTo("warning");
        assertThat(t.status("gpu", "memory_percent", 90.1)).isEqualTo("critical");
        assertThat(t.status("host", "load1", 100)).isNull();
    }

    @Test
    void aYamlFileChangesAddsAndRemovesLevels() throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, "host:\n  cpu_percent: {warning: 80, critical: 95}\n  swap_percent: {warning: 10, critical: 50}\n"
                + "  mem_percent: off\ngpu:\n  temperature_c:\n    warning: 80\n    critical: 90\n");
        Thresholds t = Thresholds.load(f);
        assertThat(t.status("host", "cpu_percent", 75)).isEqualTo("normal");
        assertThat(t.status("host", "cpu_percent", 96)).isEqualTo("critical");
        assertThat(t.status("host", "swap_percent", 20)).isEqualTo("warning");
        assertThat(t.status("host", "mem_percent", 99)).isNull();
        assertThat(t.status("gpu", "temperature_c", 85)).isEqualTo("warning");
        assertThat(t.status("gpu", "utilization_percent", 99)).isEqualTo("critical");
    }

    @Test
    void wrongFilesAreUsageErrors() throws Exception {
        assertThatThrownBy(() -> Thresholds.load(dir.resolve("missing.yaml"))).isInstanceOf(SensorsSetupException.class);
        Path unknown = dir.resolve("u.yaml");
        Files.writeString(unknown, "host:\n  cpu_pct: {warning: 1, critical: 2}\n");
        assertThatThrownBy(() -> Thresholds.load(unknown)).isInstanceOf(SensorsSetupException.class)
                .hasMessageContaining("unknown metric host.cpu_pct");
        Path upside = dir.resolve("x.yaml");
        Files.writeString(upside, "gpu:\n  memory_percent: {warning: 95, critical: 90}\n");
        assertThatThrownBy(() -> Thresholds.load(upside)).hasMessageContaining("above critical");
        Path section = dir.resolve("s.yaml");
        Files.writeString(section, "disk:\n  x: 1\n");
        assertThatThrownBy(() -> Thresholds.load(section)).hasMessageContaining("unknown section 'disk'");
        Path words = dir.resolve("w.yaml");
        Files.writeString(words, "host:\n  cpu_percent: {warning: high, critical: 90}\n");
        assertThatThrownBy(() -> Thresholds.load(words)).hasMessageContaining("needs numbers");
    }
}
