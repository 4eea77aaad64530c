package io.modelwatch.cli;

import io.modelwatch.alerts.AlertRules;
import io.modelwatch.alerts.RuleProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code modelwatch rules check FILE}: validates an alert rules file (contract section 6). */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Alert rules files.",
        subcommands = {RulesCommand.Check.class})
final class RulesCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: check FILE");
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {"Validates a rules file: prints one line per problem (FILE:LINE: problem) and exits 2,",
                "or prints 'ok: N rules' and exits 0."})
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the rules file (YAML shaped like a Prometheus rules file)")
        Path file;

        @Override
        public Integer call() {
            AlertRules.Check check = AlertRules.check(file);
            PrintWriter out = spec.commandLine().getOut();
            if (check.problems().isEmpty()) {
                out.println("ok: " + check.rules().size() + " rules");
                out.flush();
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            for (RuleProblem problem : check.problems()) err.println(problem.format(file.toString()));
            err.flush();
            return Main.EXIT_USAGE;
        }
    }
}
