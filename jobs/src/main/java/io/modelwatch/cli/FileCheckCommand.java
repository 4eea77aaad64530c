package io.modelwatch.cli;

import io.modelwatch.alerts.RuleProblem;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What {@code rules check FILE} and {@code slos check FILE} share: one line per problem ({@code FILE:LINE:
 * problem}) on stderr and exit status 2, or one {@code ok: ...} line and 0. A subclass names the file's
 * {@code @Parameters} and says what it found; {@link Group} is their parent command, which needs a subcommand.
 */
abstract class FileCheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** The file given on the command line. */
    abstract Path file();

    /** The file's problems, in line order. */
    abstract List<RuleProblem> problems();

    /** The line printed when there are none, like {@code ok: 7 rules}. */
    abstract String okLine();

    @Override
    public Integer call() {
        List<RuleProblem> problems = problems();
        if (problems.isEmpty()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(okLine());
            out.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (RuleProblem problem : problems) err.println(problem.format(file().toString()));
        err.flush();
        return Main.EXIT_USAGE;
    }

    /** A command that only groups its subcommands. */
    abstract static class Group implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: check FILE");
        }
    }
}
