package io.modelwatch.backfill;

import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.reference.SnapshotSet;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Where operators load reference snapshots from in {@code open()}: a folder of snapshot files (on a cluster,
 * one every TaskManager can read). Snapshots are loaded by the tasks, not shipped in the job graph, because
 * thousands of features make them hundreds of MB.
 */
public final class SnapshotSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int grid;
    private final boolean withSamples;

    /**
     * {@code grid} 0 keeps each snapshot's own grid; otherwise snapshots are coarsened to it. Samples are only
     * read {@code withSamples} (exact KS); grid mode skips them, which is most of a snapshot's bytes.
     */
    public SnapshotSource(String path, int grid, boolean withSamples) {
        this.path = path;
        this.grid = grid;
        this.withSamples = withSamples;
    }

    /**
     * The newest snapshot (greatest valid_from) of each model's whole traffic; what needs no window start (the
     * calibration maps of the label join) uses it. Windows pick theirs from {@link #loadSet()}.
     */
    public Map<String, Snapshot> load() {
        SnapshotSet set = loadSet();
        Map<String, Snapshot> byModel = new java.util.TreeMap<>();
        for (String model : set.models()) {
            List<Snapshot> series = set.series(model, null);
            byModel.put(model, series.get(series.size() - 1));
        }
        return java.util.Collections.unmodifiableMap(byModel);
    }

    /**
     * Every snapshot of the folder (contract 2b: several dated ones per model), loaded once per JVM for a given
     * folder, grid and file state: the subtasks of a TaskManager (and, locally, the CLI) share one immutable copy
     * instead of each reading hundreds of MB.
     */
    public SnapshotSet loadSet() {
        try {
            String key = path + '|' + grid + '|' + withSamples + '|' + fingerprint();
            synchronized (CACHE) {
                SnapshotSet cached = CACHE.get(key);
                if (cached == null) {
                    cached = SnapshotFiles.readSet(Paths.get(path), withSamples);
                    if (grid > 0) cached = cached.withGrid(grid);
                    CACHE.clear(); // keep one: a job reads one snapshot folder
                    CACHE.put(key, cached);
                }
                return cached.forSegmentBy(segmentBy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static final Map<String, SnapshotSet> CACHE = new java.util.HashMap<>();

    /** Names, sizes and modification times of the snapshot files: a changed file is loaded again. */
    private String fingerprint() throws IOException {
        java.nio.file.Path p = Paths.get(path);
        if (!java.nio.file.Files.isDirectory(p)) {
            return java.nio.file.Files.exists(p) ? java.nio.file.Files.getLastModifiedTime(p) + ":" + java.nio.file.Files.size(p) : "";
        }
        StringBuilder sb = new StringBuilder();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(p)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.sorted()::iterator) {
                if (!f.getFileName().toString().endsWith(SnapshotFiles.SUFFIX)) continue;
                sb.append(f.getFileName()).append(':').append(java.nio.file.Files.getLastModifiedTime(f))
                        .append(':').append(java.nio.file.Files.size(f)).append(';');
            }
        }
        return sb.toString();
    }

    /** The --segment-by key of the job, or null: which segment snapshots the set keeps (contract 2b). */
    private String segmentBy;

    /**
     * This source for a job segmented by {@code key} (null: not segmented): its set keeps the segment snapshots built
     * with the same key and no others, so a segment is compared with its own snapshot only then, else the model's.
     */
    public SnapshotSource segmentBy(String key) {
        SnapshotSource s = new SnapshotSource(path, grid, withSamples);
        s.segmentBy = key;
        return s;
    }

    public String path() {
        return path;
    }
}
