package io.modelwatch.cli;

import io.modelwatch.io.InputFiles;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** What a batch job reads: {@code --input}, the time range, and the task slots to use. A picocli mixin. */
final class InputOptions {

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A .jsonl/.jsonl.gz file, a folder (its .jsonl/.jsonl.gz files), or a glob. Uncompressed files are split so several task slots read one file; a compressed file is read whole by one slot.")
    String input;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the range (ISO-8601 or a date, UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range, exclusive.")
    String to;

    @Option(names = "--day", paramLabel = "DAY", description = "One UTC day instead of --from/--to: YYYY-MM-DD or yesterday.")
    String day;

    @Option(names = "--parallelism", defaultValue = "0",
            description = "Task slots to use (default: Flink's default; on the embedded Flink up to all cores).")
    int parallelism;

    String input() {
        return input;
    }

    List<Path> files() {
        return InputFiles.expand(input);
    }

    /** The range; {@code required} makes --from/--to or --day mandatory, else an absent bound is open. */
    TimeRange range(boolean required) {
        return TimeRange.of(from, to, day, required, Clock.systemUTC());
    }

    int parallelism() {
        if (parallelism < 0) throw new UsageException("--parallelism must be >= 0");
        return parallelism;
    }
}
