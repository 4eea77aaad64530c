package io.modelwatch.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the contract's line protocol checker ({@code shared/tools/lp-lint}) on a file and asserts it passes.
 * Found through {@code -Dmodelwatch.lplint=PATH}, {@code LP_LINT}, or a {@code shared/tools/} above the
 * working directory; a missing checker fails the test, it never skips it.
 */
public final class LpLint {
    private LpLint() {}

    public static Path find() {
        String given = System.getProperty("modelwatch.lplint", System.getenv("LP_LINT"));
        if (given != null) return Paths.get(given);
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/tools/lp-lint");
            if (Files.isExecutable(p)) return p;
        }
        Path workplace = Paths.get("/work/shared/tools/lp-lint");
        if (Files.isExecutable(workplace)) return workplace;
        return fail("shared/tools/lp-lint not found above " + Paths.get("").toAbsolutePath()
                + "; set -Dmodelwatch.lplint=PATH or LP_LINT");
    }

    public static void assertPasses(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(find().toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("lp-lint says:\n%s", out).isZero();
    }
}
