package io.modelwatch.bench;

import io.modelwatch.io.InputFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale benchmark: whole {@code bin/modelwatch reference} and {@code backfill} processes, as a user runs them
 * (JVM start, MiniCluster, jobs, shutdown), each under {@code /usr/bin/time -v} for its wall time and peak resident
 * memory, against the parse floor ({@link ParseFloor}, warm, in this process) measured in the same run, over the
 * sizes given (features x events per side) and one file or several files per side. The load average before each
 * command is printed with it: other processes on the machine move the figures.
 */
public final class ProcessBench {
    private ProcessBench() {}

    /** One size and layout. */
    public static final class Case {
        final int features;
        final long events;
        final int files;
        double floorSeconds, referenceSeconds, backfillSeconds;
        long referenceRssKb, backfillRssKb;
        double referenceLoad, backfillLoad;
        long bytesPerSide;

        Case(int features, long events, int files) {
            this.features = features;
            this.events = events;
            this.files = files;
        }

        String name() {
            return features + " x " + String.format("%,d", events) + ", " + files + (files == 1 ? " file" : " files");
        }
    }

    /** Parses {@code 1000x5000,1000x50000} into sizes. */
    public static List<long[]> sizes(String spec) {
        List<long[]> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String[] fe = s.trim().split("x");
            out.add(new long[] {Long.parseLong(fe[0]), Long.parseLong(fe[1])});
        }
        return out;
    }

    public static List<Case> run(Path home, Path workdir, List<long[]> sizes, List<Integer> layouts, int parallelism,
                                 boolean keep, List<String> referenceOptions, PrintStream out) throws Exception {
        Path modelwatch = home.resolve("bin/modelwatch");
        out.printf("bench backfill --processes: %s, %d cores, parallelism %d, load %s%s%n", modelwatch,
                Runtime.getRuntime().availableProcessors(), parallelism, load(),
                referenceOptions.isEmpty() ? "" : ", reference " + String.join(" ", referenceOptions));
        double help = 0;
        for (int i = 0; i < 3; i++) help += time(List.of(modelwatch.toString(), "--help"), null)[0];
        out.printf("bin/modelwatch --help: %.2f s (mean of 3)%n", help / 3);
        List<Case> cases = new ArrayList<>();
        for (long[] size : sizes) {
            for (int files : layouts) {
                Case c = new Case((int) size[0], size[1], files);
                Path dir = workdir.resolve(size[0] + "x" + size[1] + "-" + files);
                measure(c, modelwatch, dir, parallelism, referenceOptions, out);
                cases.add(c);
                if (!keep) deleteRecursively(dir);
            }
        }
        out.println();
        out.println("| case | MB per side | parse floor (s) | reference (s) | peak RSS (MB) | load | backfill (s) | peak RSS (MB) | load | (ref + backfill) / floor |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Case c : cases) {
            out.printf("| %s | %,d | %.2f | %.2f | %,d | %.1f | %.2f | %,d | %.1f | %.1fx |%n", c.name(), c.bytesPerSide >> 20,
                    c.floorSeconds, c.referenceSeconds, c.referenceRssKb >> 10, c.referenceLoad, c.backfillSeconds,
                    c.backfillRssKb >> 10, c.backfillLoad, (c.referenceSeconds + c.backfillSeconds) / c.floorSeconds);
        }
        return cases;
    }

    static void measure(Case c, Path modelwatch, Path dir, int parallelism, List<String> referenceOptions,
                        PrintStream out) throws Exception {
        BenchLogs logs = new BenchLogs(dir);
        logs.generate(BenchLogs.reference(c.features, c.events, c.files), BenchLogs.current(c.features, c.events, c.files));
        Path refDir = logs.referenceDir, curDir = logs.currentDir, snap = logs.snapshots;
        Instant next = BenchLogs.CURRENT_DAY;
        List<Path> both = new ArrayList<>(InputFiles.expand(refDir.toString()));
        for (Path p : both) c.bytesPerSide += Files.size(p);
        both.addAll(InputFiles.expand(curDir.toString()));
        out.printf("%n%s: %,d MB per side%n", c.name(), c.bytesPerSide >> 20);

        // The floor reads what the two commands read (both sides), warm, with as many threads as slots.
        c.floorSeconds = BenchLogs.warmParseSeconds(both, parallelism);
        out.printf("  parse floor (both sides): %.2f s%n", c.floorSeconds);

        c.referenceLoad = load();
        List<String> reference = new ArrayList<>(List.of(modelwatch.toString(), "reference", "--input", refDir.toString(),
                "--output", snap.toString(), "--parallelism", String.valueOf(parallelism)));
        reference.addAll(referenceOptions);
        double[] r = time(reference, dir.resolve("reference.log"));
        c.referenceSeconds = r[0];
        c.referenceRssKb = (long) r[1];
        out.printf("  reference: %.2f s, peak RSS %,d MB (load %.1f)%n", c.referenceSeconds, c.referenceRssKb >> 10, c.referenceLoad);
        c.backfillLoad = load();
        double[] b = time(List.of(modelwatch.toString(), "backfill", "--input", curDir.toString(), "--reference",
                snap.toString(), "--from", next.toString(), "--to", next.plusSeconds(86_400).toString(), "--window", "1h",
                "--parallelism", String.valueOf(parallelism), "--sink", "file:" + dir.resolve("backfill.lp")),
                dir.resolve("backfill.log"));
        c.backfillSeconds = b[0];
        c.backfillRssKb = (long) b[1];
        out.printf("  backfill: %.2f s, peak RSS %,d MB (load %.1f)%n", c.backfillSeconds, c.backfillRssKb >> 10, c.backfillLoad);
    }

    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    /** Runs a command under /usr/bin/time -v: {wall seconds, peak RSS in kB}; fails when it fails. */
    static double[] time(List<String> command, Path log) throws IOException, InterruptedException {
        Path timeOut = Files.createTempFile("modelwatch-bench-time", ".txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeOut.toString()));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (log != null) pb.redirectOutput(log.toFile());
        else pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        int status = pb.start().waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String report = Files.readString(timeOut, StandardCharsets.UTF_8);
        Files.deleteIfExists(timeOut);
        if (status != 0) throw new IOException(String.join(" ", command) + " exited " + status + (log == null ? "" : " (see " + log + ")"));
        Matcher m = RSS.matcher(report);
        return new double[] {seconds, m.find() ? Double.parseDouble(m.group(1)) : -1};
    }

    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
