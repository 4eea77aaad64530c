package io.modelwatch.cli;

import io.modelwatch.alerts.RuleProblem;
import io.modelwatch.slo.SloFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code modelwatch slos check FILE}: validates an SLO file (contract 3f). */
@Command(
        name = "slos",
        mixinStandardHelpOptions = true,
        description = "SLO files (service level objectives and their burn alerts).",
        subcommands = {SlosCommand.Check.class})
final class SlosCommand extends FileCheckCommand.Group {
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {"Validates an SLO file: prints one line per problem (FILE:LINE: problem) and exits 2,",
                "or prints 'ok: N SLOs' and exits 0."})
    static final class Check extends FileCheckCommand {
        @Parameters(paramLabel = "FILE", description = "the SLO file (YAML: slos: [{name, models, objective, good, period}])")
        Path file;
        private SloFile.Check check;

        @Override
        Path file() {
            return file;
        }

        @Override
        List<RuleProblem> problems() {
            check = SloFile.check(file);
            return check.problems();
        }

        @Override
        String okLine() {
            return "ok: " + check.slos().size() + " SLOs";
        }
    }
}
