package io.modelwatch.cli;

import io.modelwatch.bench.BackfillBench;
import io.modelwatch.bench.ProcessBench;
import io.modelwatch.bench.ReportBench;
import io.modelwatch.bench.StreamBench;
import io.modelwatch.io.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks, reported as ratios against a baseline measured in the same run.",
                "  backfill --processes: whole bin/modelwatch reference and backfill processes (wall time, peak RSS, load "
                        + "average) over --sizes FxE and one or --files files per side, against the parse floor of the same run.",
                "  backfill: the parse floor (Jackson streaming, every number as a double, nothing kept), the "
                        + "reference and backfill jobs in this JVM, feature-values/s and peak heap, at E/4 and E events.",
                "  report: the HTML report of --models x --features x --report-windows (default 100 x 1000 x 168): build time, "
                        + "size, and time to render in headless Chromium (docs/report.md).",
                "  stream: E events of F features in a topic of a local Kafka (deploy/local/up), read by stream --bounded "
                        + "with checkpointing on: sustained events/s and feature-values/s vs the parse floor, checkpoint "
                        + "size and heap after 1 and after 10 windows.",
                "  quality: the input checks' cost (issue 16) as an interleaved A/B in one JVM: the hot path with and without "
                        + "them on one thread, and the backfill job with them off and on (docs/quality.md).",
                "  performance: the backfill with and without --labels on E predictions of F features with labels: "
                        + "the label join and model_performance cost per million predictions against the parse floor."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "What to benchmark: backfill, stream, report, performance or quality.")
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

    @Option(names = "--processes", description = "backfill: whole bin/modelwatch processes over --sizes (the headline figures of docs/bench.md).")
    boolean processes;

    @Option(names = "--sizes", defaultValue = "1000x5000,1000x50000,1000x250000,5000x20000", description = "backfill --processes: FEATURESxEVENTS per side, comma-separated (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--joint-sample", paramLabel = "N", description = "backfill --processes: passed to reference as its "
            + "--joint-sample (0: no PCA, so neither command computes multivariate drift; default: reference's own).")
    Integer jointSample;

    @Option(names = "--keep", description = "backfill --processes: keep the generated logs (default: each case's are deleted after it).")
    boolean keep;

    @Option(names = "--kafka-bootstrap", defaultValue = "127.0.0.1:9092", description = "stream: the Kafka to use (default: ${DEFAULT-VALUE}, as deploy/local/up starts it).")
    String kafkaBootstrap;

    @Option(names = "--window", defaultValue = "5m", description = "stream: window length (tumbling) (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--windows", defaultValue = "24", description = "stream: windows the events are spread over (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--checkpoint-interval", defaultValue = "1s", description = "stream: checkpoint interval (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--warm-runs", defaultValue = "0", description = "stream: untimed runs of the job (and of the floor) over the same topic before the timed one, so both are measured warm (default: ${DEFAULT-VALUE}: cold).")
    int warmRuns;

    @Option(names = "--models", defaultValue = "100", description = "report: models (default: ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--report-windows", defaultValue = "168", description = "report: hourly windows (default: ${DEFAULT-VALUE}, a week).")
    int reportWindows;

    @Override
    public Integer call() throws Exception {
        if (what.equals("report")) {
            if (models < 1 || features < 1 || reportWindows < 1) throw new UsageException("bench report: --models, --features and --report-windows must be positive");
            ReportBench.run(workdir, models, features, reportWindows, io.modelwatch.report.HtmlReport.DEFAULT_TOP, System.out);
            return 0;
        }
        if (what.equals("stream")) {
            if (features < 1 || events < 100 || parallelism < 1 || windows < 1 || warmRuns < 0) {
                throw new UsageException("bench stream: --features, --events (>= 100), --parallelism and --windows must be positive, --warm-runs not negative");
            }
            StreamBench.run(kafkaBootstrap, workdir, features, events, parallelism, Durations.parseMillis("--window", window),
                    windows, Durations.parseMillis("--checkpoint-interval", checkpointInterval), warmRuns, System.out);
            return 0;
        }
        if (what.equals("performance")) {
            if (features < 1 || events < 4 || files < 1 || parallelism < 1) {
                throw new UsageException("bench: --features, --events (>= 4), --files and --parallelism must be positive");
            }
            io.modelwatch.bench.PerformanceBench.run(workdir, features, events, files, parallelism, System.out);
            return 0;
        }
        if (what.equals("quality")) {
            if (features < 1 || events < 4 || files < 1 || parallelism < 1) {
                throw new UsageException("bench quality: --features, --events (>= 4), --files and --parallelism must be positive");
            }
            io.modelwatch.bench.QualityBench.run(workdir, features, events, files, parallelism, 5, System.out);
            return 0;
        }
        if (!what.equals("backfill")) {
            throw new UsageException("bench: unknown benchmark '" + what + "' (backfill, stream, report, performance, quality)");
        }
        if (features < 1 || events < 4 || files < 1 || parallelism < 1) {
            throw new UsageException("bench: --features, --events (>= 4), --files and --parallelism must be positive");
        }
        if (processes) {
            String home = System.getProperty("modelwatch.home");
            if (home == null) throw new UsageException("bench backfill --processes: run it through bin/modelwatch");
            List<Integer> layouts = files == 1 ? List.of(1) : List.of(1, files);
            if (jointSample != null && jointSample < 0) throw new UsageException("bench: --joint-sample must be 0 or more rows");
            List<String> referenceOptions = jointSample == null ? List.of() : List.of("--joint-sample", jointSample.toString());
            ProcessBench.run(Path.of(home), workdir, ProcessBench.sizes(sizes), layouts, parallelism, keep,
                    referenceOptions, System.out);
            return 0;
        }
        BackfillBench.run(workdir, features, events, files, parallelism, System.out);
        return 0;
    }
}
