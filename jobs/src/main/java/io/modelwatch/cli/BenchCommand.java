package io.modelwatch.cli;

import io.modelwatch.bench.BackfillBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks, reported as ratios against a baseline measured in the same run.",
                "  backfill: the parse floor (Jackson streaming, every number as a double, nothing kept), the "
                        + "reference and backfill jobs, feature-values/s and peak heap, at E/4 and E events."})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "What to benchmark: backfill.")
    String what;

    @Option(names = "--features", defaultValue = "1000", description = "Numeric features (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--events", defaultValue = "20000", description = "Events of reference and of current logs (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--files", defaultValue = "2", description = "Files per side; parsing runs one task per file (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--parallelism", defaultValue = "2", description = "Task slots, and threads of the parse floor (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--workdir", defaultValue = "modelwatch-bench", description = "Where the generated logs go; reused when present (default: ${DEFAULT-VALUE}).")
    Path workdir;

    @Override
    public Integer call() throws Exception {
        if (!what.equals("backfill")) throw new UsageException("bench: unknown benchmark '" + what + "' (backfill)");
        if (features < 1 || events < 4 || files < 1 || parallelism < 1) {
            throw new UsageException("bench: --features, --events (>= 4), --files and --parallelism must be positive");
        }
        BackfillBench.run(workdir, features, events, files, parallelism, System.out);
        return 0;
    }
}
