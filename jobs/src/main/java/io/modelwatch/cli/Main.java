package io.modelwatch.cli;

import io.modelwatch.io.FixableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;


import java.io.PrintWriter;

/**
 * The one entry point: {@code bin/modelwatch COMMAND} locally, {@code flink run modelwatch-jobs.jar COMMAND}
 * on a cluster. Every command builds a Flink job; run from a plain JVM it executes on an embedded
 * MiniCluster, submitted to a cluster it runs there.
 *
 * <p>Errors: a wrong option or an unreadable input prints one line and exits with status 2; an unexpected
 * failure prints one line and exits with 1 ({@code MODELWATCH_DEBUG=1} prints the stack trace too); a bounded
 * run that could not deliver its alerts to Alertmanager says so and exits with 3.
 */
@Command(
        name = "modelwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Watches ML systems in production: drift, serving figures, sensors and alerts, into InfluxDB.",
        subcommands = {
            GenerateCommand.class,
            ReferenceCommand.class,
            BackfillCommand.class,
            StreamCommand.class,
            SensorsCommand.class,
            AgentCommand.class,
            RulesCommand.class,
            SlosCommand.class,
            SnapshotsCommand.class,
            DemoCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILURE = 1;
    /** A bounded run finished, but alerts could not all be delivered to Alertmanager (see --alertmanager-optional). */
    public static final int EXIT_ALERTS_UNDELIVERED = 3;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed (try --help)");
    }

    public static void main(String[] args) {
        int status = execute(args);
        // Only exit the JVM when bin/modelwatch started it: submitted through Flink's REST API, main() runs
        // inside the JobManager, which must not be stopped by a job's exit status.
        if (Boolean.getBoolean("modelwatch.cli")) {
            System.exit(status);
        } else if (status != 0) {
            throw new IllegalStateException("modelwatch " + String.join(" ", args) + " failed with status " + status);
        }
    }

    /** Runs a command line and returns its exit status; never throws. */
    public static int execute(String... args) {
        CommandLine cl;
        try {
            cl = commandLine(args);
        } catch (RuntimeException e) {
            if (!isUserError(e)) throw e;
            // --config FILE could not be used: one line, as for any other wrong option
            String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "modelwatch";
            System.err.println("modelwatch " + command + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        return cl.execute(args);
    }

    /** The command line of {@code args}: every command with {@code --config FILE}, its file's values as defaults. */
    public static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(Main::onParameterError);
        cl.setExecutionExceptionHandler(Main::onExecutionError);
        ConfigFile.addOption(cl);
        ConfigFile config = ConfigFile.find(cl, args);
        if (config != null) cl.setDefaultValueProvider(config);
        return cl;
    }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("modelwatch " + e.getCommandLine().getCommandName() + ": " + e.getMessage()
                + " (see --help)");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onExecutionError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Throwable usage = findUsage(e);
        if (usage != null) {
            err.println("modelwatch " + cl.getCommandName() + ": " + usage.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        err.println("modelwatch " + cl.getCommandName() + ": failed: " + rootMessage(e));
        if (System.getenv("MODELWATCH_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("  (set MODELWATCH_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /**
     * Whether {@code t} means "the user can fix this": the CLI's own {@link UsageException} or any package's
     * {@link FixableException} (InputException, InfluxSetupException, RulesException, ...). The one place that
     * maps them to exit status 2.
     */
    static boolean isUserError(Throwable t) {
        return t instanceof UsageException || t instanceof FixableException;
    }

    private static Throwable findUsage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (isUserError(t)) return t;
            if (t.getCause() == t) break;
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage();
        return (msg == null ? root.getClass().getSimpleName() : msg).lines().findFirst().orElse("");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"modelwatch " + (v == null ? "dev" : v)};
        }
    }
}
