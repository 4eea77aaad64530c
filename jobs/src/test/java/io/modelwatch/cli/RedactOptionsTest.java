package io.modelwatch.cli;

import io.modelwatch.redact.RedactionRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --redact}: a bad file or a hash rule without its key stops the command before any work, on one line. */
class RedactOptionsTest {
    @TempDir Path dir;

    private MainTest.Run reference(String rules) throws Exception {
        Files.writeString(dir.resolve("in.jsonl"), "{\"ts\":1,\"model\":\"m\",\"features\":{\"x\":1}}\n");
        Files.writeString(dir.resolve("r.yaml"), rules, StandardCharsets.UTF_8);
        return MainTest.run("reference", "--input", dir.resolve("in.jsonl").toString(), "--output",
                dir.resolve("ref").toString(), "--redact", dir.resolve("r.yaml").toString());
    }

    private static void assertUsageError(MainTest.Run r, String... containing) {
        assertThat(r.status()).as("status; stderr: %s", r.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith("modelwatch ").contains(containing);
    }

    @Test
    void aHashRuleWithoutTheKeyInTheEnvironmentRefusesToStart() throws Exception {
        assertThat(System.getenv(RedactionRules.KEY_ENV)).as("the test JVM's environment has no key").isNull();
        MainTest.Run r = reference("fields:\n  user_id: drop\n  features.email: hash\n");
        assertUsageError(r, RedactionRules.KEY_ENV, "features.email");
        assertThat(dir.resolve("ref")).doesNotExist();
    }

    @Test
    void aBadFileNamesItsLine() throws Exception {
        assertUsageError(reference("fields:\n  user_id: drop\n  email: scramble\n"), "line 3", "drop, hash or mask");
        assertUsageError(reference("feilds:\n  user_id: drop\n"), "unknown key 'feilds'");
        assertUsageError(reference("fields: {}\n"), "no rule");
        assertUsageError(reference("fields:\n  user_id: drop\n  user_id: mask\n"), "given twice");
    }
}
