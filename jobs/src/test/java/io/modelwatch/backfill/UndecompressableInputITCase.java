package io.modelwatch.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .jsonl.gz} that is not gzip at all (contract 1: a file that cannot be read never stops a job): the
 * backfill and the reference give one dead letter naming the file and go on with the other files.
 */
class UndecompressableInputITCase {

    @TempDir Path tmp;

    @Test
    void aGzThatIsNotGzipIsOneDeadLetterNamingItAndTheOtherFilesAreRead() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("in"));
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            good.append("{\"ts\":\"2026-11-24T10:").append(String.format("%02d", i)).append(":00Z\",\"model\":\"m\",")
                    .append("\"latency_ms\":").append(10 + i).append(",\"features\":{\"x\":").append(i).append("}}\n");
        }
        Files.writeString(input.resolve("good.jsonl"), good);
        Path notGzip = Files.writeString(input.resolve("plain.jsonl.gz"), good.substring(0, 200));

        Path snapshots = tmp.resolve("snapshots");
        Path refDead = tmp.resolve("ref-dead.jsonl");
        assertEquals(0, Main.execute("reference", "--input", input.toString(), "--output", snapshots.toString(),
                "--dead-letter", refDead.toString()), "reference exit status");
        assertOneDeadLetterNaming(refDead, notGzip);

        Path out = tmp.resolve("out.lp");
        Path dead = tmp.resolve("dead.jsonl");
        assertEquals(0, Main.execute("backfill", "--input", input.toString(), "--reference", snapshots.toString(),
                "--from", "2026-11-24T10:00:00Z", "--to", "2026-11-24T11:00:00Z", "--window", "1h",
                "--sink", "file:" + out, "--dead-letter", dead.toString()), "backfill exit status");
        assertOneDeadLetterNaming(dead, notGzip);
        List<Line> points = LineProtocolReader.read(out);
        Line serving = points.stream().filter(p -> p.measurement.equals("model_serving")).findFirst().orElseThrow();
        assertThat(serving.fields.get("count")).isEqualTo(40L);
        Line pipeline = points.stream().filter(p -> p.measurement.equals("pipeline")).findFirst().orElseThrow();
        assertThat(pipeline.fields.get("bad_records")).isEqualTo(1L);
    }

    private static void assertOneDeadLetterNaming(Path deadLetters, Path file) throws Exception {
        List<String> lines = Files.readAllLines(deadLetters);
        assertThat(lines).hasSize(1);
        JsonNode d = new ObjectMapper().readTree(lines.get(0));
        assertThat(d.get("reason").asText()).contains("cannot decompress").contains(file.toAbsolutePath().toString());
        assertThat(d.get("source").asText()).isEqualTo(file.toAbsolutePath().toString());
    }
}
