package io.modelwatch.cli;

import io.modelwatch.influx.InfluxCredentials;
import io.modelwatch.io.Timestamps;
import io.modelwatch.report.HtmlReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"One self-contained HTML page (data, styles and charts inlined; no network when viewed) of what the "
                + "jobs wrote: per model a summary, the top drifted features, a PSI heatmap, a feature over time, serving "
                + "latency and errors, model performance and SLO burn when present, and the alerts timeline.",
                "Reads line protocol files (--input) or InfluxDB (--influx, with credentials from INFLUX_USER/INFLUX_PASSWORD "
                        + "or INFLUX_TOKEN). See docs/report.md."})
final class ReportCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--input", paramLabel = "PATH", split = ",",
                description = "Line protocol: a file (.lp, or any name; .gz read decompressed), a folder (its .lp/.lp.gz files) "
                        + "or a glob; repeat or separate with commas.")
        List<String> inputs;

        @Option(names = "--influx", paramLabel = "URL", description = "InfluxDB 1.x to query: http://HOST:8086/DATABASE (needs --from and --to).")
        String influx;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--from", paramLabel = "TIME", description = "Points at or after this time (ISO-8601 or a date, UTC); required with --influx.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Points before this time; required with --influx.")
    String to;

    @Option(names = "--model", paramLabel = "M", description = "Only this model (default: every model, one picker entry each).")
    String model;

    @Option(names = "--top", defaultValue = "30", paramLabel = "N",
            description = "Most drifted features per model drawn window by window in the heatmap and the feature chart (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--title", defaultValue = "modelwatch report", description = "Page title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--output", required = true, paramLabel = "FILE.html", description = "Where the page goes.")
    Path output;

    @Override
    public Integer call() {
        HtmlReport.Options o = new HtmlReport.Options();
        o.model = model;
        o.from = from == null ? null : instant("--from", from);
        o.to = to == null ? null : instant("--to", to);
        o.top = top;
        o.title = title;
        o.progress = line -> System.err.println("report: " + line);
        if (o.from != null && o.to != null && !o.from.isBefore(o.to)) throw new UsageException("--from must be before --to");
        long started = System.nanoTime();
        HtmlReport.Result r;
        // The report's own errors (ReportException) are things the user can fix: Main prints one line, status 2.
        r = source.influx != null
                ? HtmlReport.fromInflux(source.influx, InfluxCredentials.resolve(System.getenv(), null), o, output)
                : HtmlReport.fromFiles(files(source.inputs), o, output);
        System.out.printf("report: %s (%,d bytes, %d %s, %,d points) in %.1f s%n", r.file, r.bytes, r.units,
                r.units == 1 ? "model" : "models", r.pointsUsed, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static Instant instant(String option, String text) {
        try {
            return Timestamps.parseInstant(text);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + text + "': use ISO-8601, e.g. 2026-11-24T00:00:00Z or 2026-11-24");
        }
    }

    /** A file as given (whatever its name), a folder's .lp/.lp.gz files, or a glob. */
    static List<Path> files(List<String> inputs) {
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            int before = files.size();
            if (input.contains("*") || input.contains("?") || input.contains("[") || input.contains("{")) {
                int slash = input.substring(0, firstGlobChar(input)).lastIndexOf('/');
                Path base = slash < 0 ? Paths.get(".") : Paths.get(input.substring(0, slash + 1));
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + input.substring(slash + 1));
                list(base, p -> m.matches(base.relativize(p)), input, files);
            } else {
                Path p = Paths.get(input);
                if (Files.isRegularFile(p)) files.add(p);
                else if (Files.isDirectory(p)) list(p, f -> isLineProtocol(f.getFileName().toString()), input, files);
                else throw new UsageException("--input " + input + ": no such file or folder");
            }
            if (files.size() == before) throw new UsageException("--input " + input + ": no .lp or .lp.gz files found");
        }
        return files;
    }

    private static void list(Path base, java.util.function.Predicate<Path> keep, String input, List<Path> out) {
        if (!Files.isDirectory(base)) throw new UsageException("--input " + input + ": no folder " + base);
        try (Stream<Path> s = Files.walk(base)) {
            s.filter(Files::isRegularFile).filter(keep).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UsageException("--input " + input + ": cannot list " + base + ": " + e.getMessage());
        }
    }

    private static boolean isLineProtocol(String name) {
        return !name.startsWith(".") && (name.endsWith(".lp") || name.endsWith(".lp.gz"));
    }

    private static int firstGlobChar(String s) {
        int best = s.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < best) best = i;
        }
        return best;
    }
}
