package io.modelwatch.cli;

import io.modelwatch.io.InputFiles;
import io.modelwatch.reference.ReferenceJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Builds reference snapshots (one MODEL.snapshot.json per model) from prediction logs.")
public final class ReferenceCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "A .jsonl/.jsonl.gz file, a folder, or a glob.")
    String input;

    @Option(names = "--output", required = true, description = "Folder for the snapshots.")
    Path output;

    @Option(names = "--from", description = "Start of the reference range (ISO-8601; default: all).")
    String from;

    @Option(names = "--to", description = "End of the reference range, exclusive (default: all).")
    String to;

    @Option(names = "--day", description = "Shorthand for one UTC day: YYYY-MM-DD or yesterday.")
    String day;

    @Option(names = "--grid", defaultValue = "1000", description = "Quantile grid size G, a multiple of 10 (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--sample", defaultValue = "10000", description = "Values kept per numeric feature for exact KS; the whole reference when it has at most this many (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--dead-letter", description = "Where bad records go (default: OUTPUT/dead-letter.jsonl).")
    Path deadLetter;

    @Option(names = "--parallelism", defaultValue = "0", description = "Task slots to use (default: Flink's default; on the embedded Flink up to all cores).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        if (grid < 10 || grid % 10 != 0) throw new UsageException("--grid must be a positive multiple of 10");
        if (sample < 1) throw new UsageException("--sample must be at least 1");
        List<Path> files = InputFiles.expand(input);
        TimeRange range = TimeRange.of(from, to, day, false, java.time.Clock.systemUTC());
        Path dl = deadLetter != null ? deadLetter : output.resolve("dead-letter.jsonl");
        List<String> written;
        try (ProgressReporter p = new ProgressReporter("reference", System.err)) {
            written = ReferenceJob.run(files, output, range.fromMillis, range.toMillis, grid, sample, parallelism, dl);
        }
        if (written.isEmpty()) {
            throw new UsageException("no good records in range in " + input + "; no snapshot written (bad records: " + dl + ")");
        }
        written.forEach(System.out::println);
        return 0;
    }
}
