package io.modelwatch.slo;

import io.modelwatch.alerts.RuleProblem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An SLO file (contract 3f). {@link #load(Path)} refuses a file with any problem; {@link #check(Path)} lists
 * them, each with its line, for {@code modelwatch slos check}.
 */
public final class SloFile {
    private SloFile() {}

    public static SloSet load(Path file) {
        Check check = check(file);
        if (!check.problems().isEmpty()) {
            RuleProblem first = check.problems().get(0);
            int more = check.problems().size() - 1;
            throw new SloFileException("--slos " + first.format(file.toString())
                    + (more > 0 ? " (and " + more + " more; run: modelwatch slos check " + file + ")" : ""));
        }
        if (check.slos().size() == 0) throw new SloFileException("--slos " + file + ": the file holds no SLO");
        return check.slos();
    }

    public static Check check(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SloFileParser.parse(in);
        } catch (IOException e) {
            throw new SloFileException("cannot read SLO file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The valid SLOs and the problems, ordered by line. */
    public record Check(SloSet slos, List<RuleProblem> problems) {}
}
