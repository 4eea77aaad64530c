package io.modelwatch.cli;

import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotDiff;
import io.modelwatch.reference.SnapshotFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code modelwatch snapshots list DIR} and {@code snapshots diff A B}: what a reference folder holds, and what
 * changed between two snapshots, for the person who decides whether to promote a new reference (issue 15).
 */
@Command(
        name = "snapshots",
        mixinStandardHelpOptions = true,
        description = "Reference snapshot folders: list them, compare two.",
        subcommands = {SnapshotsCommand.ListSnapshots.class, SnapshotsCommand.Diff.class})
public final class SnapshotsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: list DIR | diff A B");
    }

    static Snapshot read(Path file) {
        try {
            return SnapshotFiles.read(file);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per snapshot of a folder: model, segment, valid_from, range, records, features, thresholds, file.")
    static final class ListSnapshots implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "a snapshot folder (or one file)")
        Path dir;

        @Override
        public Integer call() {
            Map<Path, Snapshot> all;
            try {
                all = SnapshotFiles.readFiles(dir, false);
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-20s %-12s %-24s %-49s %10s %8s %10s  %s%n", "model", "segment", "valid_from", "range",
                    "records", "features", "thresholds", "file");
            all.entrySet().stream()
                    .sorted(java.util.Comparator.comparing((Map.Entry<Path, Snapshot> e) -> e.getValue().model)
                            .thenComparing(e -> String.valueOf(e.getValue().segment()))
                            .thenComparingLong(e -> e.getValue().validFromMillis()))
                    .forEach(e -> {
                        Snapshot s = e.getValue();
                        int features = s.numeric().size() + s.categorical().size();
                        out.printf("%-20s %-12s %-24s %-49s %10d %8d %10s  %s%n", s.model,
                                s.segment() == null ? "-" : s.segment(), Instant.ofEpochMilli(s.validFromMillis()),
                                Instant.ofEpochMilli(s.fromMillis) + ".." + Instant.ofEpochMilli(s.toMillis), s.records,
                                features, s.thresholds() == null ? "-" : String.valueOf(s.thresholds().features().size()),
                                e.getKey().getFileName());
                    });
            out.flush();
            return 0;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Which features changed most from snapshot A to snapshot B, by the statistics the calibrated",
                "thresholds use (B against A as a window against its reference), most changed first; 'beyond' names",
                "the statistics above A's thresholds."})
    static final class Diff implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A", description = "the snapshot file in use")
        Path a;

        @Parameters(index = "1", paramLabel = "B", description = "the candidate snapshot file")
        Path b;

        @Option(names = "--top", defaultValue = "0", description = "Only the first N features (default: all).")
        int top;

        @Override
        public Integer call() {
            Snapshot sa = read(a), sb = read(b);
            PrintWriter out = spec.commandLine().getOut();
            if (!sa.model.equals(sb.model)) out.printf("note: A is of model %s, B of model %s%n", sa.model, sb.model);
            out.printf("A %s (%d records)  ->  B %s (%d records)%n", sa.referenceName(), sa.records, sb.referenceName(),
                    sb.records);
            out.printf("%-28s %-11s %10s %10s %11s %10s %10s %14s %9s  %s%n", "feature", "kind", "psi", "ks_stat",
                    "wasserstein", "mean_shift", "std_shift", "chi2_per_count", "x_thresh", "beyond");
            List<SnapshotDiff.Row> rows = SnapshotDiff.compare(sa, sb);
            int n = top > 0 ? Math.min(top, rows.size()) : rows.size();
            for (SnapshotDiff.Row r : rows.subList(0, n)) {
                double[] v = r.values;
                if (r.categorical) {
                    out.printf("%-28s %-11s %10s %10s %11s %10s %10s %14s %9s  %s%n", r.feature, "categorical", f(v[0]),
                            "", "", "", "", f(v[1]), f(r.ratio), r.beyond);
                } else {
                    out.printf("%-28s %-11s %10s %10s %11s %10s %10s %14s %9s  %s%n", r.feature, "numeric", f(v[0]),
                            f(v[1]), f(v[2]), f(v[3]), f(v[4]), "", f(r.ratio), r.beyond);
                }
            }
            for (Snapshot s : List.of(sa, sb)) {
                Snapshot other = s == sa ? sb : sa;
                for (var f : s.numeric()) {
                    if (other.numericIndex(f.name) < 0) out.printf("only in %s: %s (numeric)%n", s == sa ? "A" : "B", f.name);
                }
                for (var f : s.categorical()) {
                    if (other.categoricalIndex(f.name) < 0) out.printf("only in %s: %s (categorical)%n", s == sa ? "A" : "B", f.name);
                }
            }
            out.flush();
            return 0;
        }

        private static String f(double v) {
            return Double.isNaN(v) ? "-" : String.format("%.4g", v);
        }
    }
}
