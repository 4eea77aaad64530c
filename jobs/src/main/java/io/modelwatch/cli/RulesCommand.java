package io.modelwatch.cli;

import io.modelwatch.alerts.AlertRules;
import io.modelwatch.alerts.RuleProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code modelwatch rules check FILE}: validates an alert rules file (contract section 6). */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Alert rules files.",
        subcommands = {RulesCommand.Check.class})
final class RulesCommand extends FileCheckCommand.Group {
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {"Validates a rules file: prints one line per problem (FILE:LINE: problem) and exits 2,",
                "or prints 'ok: N rules' and exits 0."})
    static final class Check extends FileCheckCommand {
        @Parameters(paramLabel = "FILE", description = "the rules file (YAML shaped like a Prometheus rules file)")
        Path file;
        private AlertRules.Check check;

        @Override
        Path file() {
            return file;
        }

        @Override
        List<RuleProblem> problems() {
            check = AlertRules.check(file);
            return check.problems();
        }

        @Override
        String okLine() {
            return "ok: " + check.rules().size() + " rules";
        }
    }
}
