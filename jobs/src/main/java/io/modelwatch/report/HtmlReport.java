package io.modelwatch.report;

import io.modelwatch.influx.InfluxCredentials;
import io.modelwatch.influx.Point;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code modelwatch report}: one self-contained HTML page of what the jobs wrote (drift, serving, performance,
 * SLO burn, alerts), from line protocol files or from InfluxDB. The page inlines its data, its stylesheet and
 * its chart library, so it opens anywhere, offline, and can be attached to a ticket. See docs/report.md.
 */
public final class HtmlReport {
    /** How many of the most drifted features of a model get per-window series (heatmap, feature over time). */
    public static final int DEFAULT_TOP = 30;

    /** What to report: a model (null: all), a time range (null: all), how many top features. */
    public static final class Options {
        public String model;
        public Instant from, to;
        public int top = DEFAULT_TOP;
        public String title = "modelwatch report";
        /** Progress lines (points read); may be null. */
        public Consumer<String> progress;
    }

    /** What was written, for the command to print. */
    public static final class Result {
        public final Path file;
        public final long bytes, pointsUsed, pointsIgnored;
        public final int units;

        Result(Path file, long bytes, long used, long ignored, int units) {
            this.file = file;
            this.bytes = bytes;
            this.pointsUsed = used;
            this.pointsIgnored = ignored;
            this.units = units;
        }
    }

    private HtmlReport() {}

    /** From line protocol files (the jobs' {@code --sink file:} output; {@code .gz} too). */
    public static Result fromFiles(List<Path> files, Options o, Path output) {
        if (files.isEmpty()) throw new ReportException("--input matches no file");
        ReportCollector c = collector(o);
        long n = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new ReportException("--input " + f + ": no such file");
            n += LineProtocolParser.read(f, c);
            progress(o, "read " + String.format("%,d", n) + " points from " + f);
        }
        return finish(c, o, output, files.size() == 1 ? files.get(0).toString() : files.size() + " line protocol files");
    }

    /** From InfluxDB ({@code http://HOST:8086/DB}), always over a bounded time range. */
    public static Result fromInflux(String url, InfluxCredentials credentials, Options o, Path output) {
        if (o.from == null || o.to == null) throw new ReportException("--influx needs --from and --to (an unbounded query scans everything)");
        if (!o.from.isBefore(o.to)) throw new ReportException("--from must be before --to");
        ReportCollector c = collector(o);
        long n = new InfluxQueryReader(url, credentials).read(o.from, o.to, o.model, c);
        progress(o, "read " + String.format("%,d", n) + " points from " + url);
        return finish(c, o, output, "InfluxDB " + url);
    }

    /** From points made in memory (benchmarks, the demo). */
    public static Result fromPoints(Iterator<Point> points, Options o, Path output, String source) {
        ReportCollector c = collector(o);
        while (points.hasNext()) c.accept(points.next());
        return finish(c, o, output, source);
    }

    private static ReportCollector collector(Options o) {
        if (o.top < 1 || o.top > 200) throw new ReportException("--top must be between 1 and 200");
        long from = o.from == null ? Long.MIN_VALUE : nanos(o.from), to = o.to == null ? Long.MAX_VALUE : nanos(o.to);
        return new ReportCollector(o.model, from, to);
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Result finish(ReportCollector c, Options o, Path output, String source) {
        c.finish();
        if (c.units.isEmpty() && c.systemAlerts.points.isEmpty() && c.models.isEmpty()) {
            throw new ReportException("nothing to report: no feature_drift, model_serving, model_performance, slo or alerts points"
                    + (o.model == null ? "" : " of model '" + o.model + "'") + (o.from == null ? "" : " in the time range")
                    + " (" + c.ignored + " other points)");
        }
        ReportJson.Meta meta = new ReportJson.Meta();
        meta.title = o.title;
        meta.source = source;
        meta.generatedMillis = System.currentTimeMillis();
        meta.fromMillis = o.from == null ? null : o.from.toEpochMilli();
        meta.toMillis = o.to == null ? null : o.to.toEpochMilli();
        meta.top = o.top;
        meta.chartLibrary = HtmlPage.ECHARTS_VERSION;
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
                HtmlPage.write(w, out -> ReportJson.write(out, c, meta));
            }
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new Result(output, Files.size(output), c.used, c.ignored, c.units.size());
        } catch (IOException e) {
            throw new ReportException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    private static void progress(Options o, String line) {
        if (o.progress != null) o.progress.accept(line);
    }
}
