package io.modelwatch.drift;

import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
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

    /** {@code grid} 0 keeps each snapshot's own grid; otherwise snapshots are coarsened to it. */
    public SnapshotSource(String path, int grid) {
        this.path = path;
        this.grid = grid;
    }

    public Map<String, Snapshot> load() {
        try {
            Map<String, Snapshot> byModel = SnapshotFiles.readAll(Paths.get(path));
            if (grid > 0) byModel.replaceAll((model, s) -> s.withGrid(grid));
            return byModel;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    public String path() {
        return path;
    }
}
