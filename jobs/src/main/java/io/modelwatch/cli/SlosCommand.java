package io.modelwatch.cli;

import io.modelwatch.alerts.RuleProblem;
import io.modelwatch.slo.SloFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code modelwatch slos check FILE}: validates an SLO file (contract 3f). */
@Command(
        name = "slos",
        mixinStandardHelpOptions = true,
        description = "SLO files (service level objectives and their burn alerts).",
        subcommands = {SlosCommand.Check.class})
final class SlosCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: check FILE");
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {"Validates an SLO file: prints one line per problem (FILE:LINE: problem) and exits 2,",
                "or prints 'ok: N SLOs' and exits 0."})
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the SLO file (YAML: slos: [{name, models, objective, good, period}])")
        Path file;

        @Override
        public Integer call() {
            SloFile.Check check = SloFile.check(file);
            if (check.problems().isEmpty()) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("ok: " + check.slos().size() + " SLOs");
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
