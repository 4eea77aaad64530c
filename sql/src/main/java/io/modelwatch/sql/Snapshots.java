package io.modelwatch.sql;

import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reference snapshots by path, read once per task manager JVM with the jobs' reader (schema version checked).
 * A path is a snapshot file ({@code /data/snapshots/fraud-scorer.snapshot.json}) or a folder plus model name
 * ({@code /data/snapshots/} and {@code fraud-scorer}, see {@link #path}).
 */
final class Snapshots {
    private static final Map<String, Snapshot> CACHE = new ConcurrentHashMap<>();
    /**
     * Folder and model to file, also once per JVM: finding the newest file reads every snapshot of the folder,
     * and the aggregate functions ask for each row (a 24-row drift report took minutes before this cache).
     */
    private static final Map<String, String> NEWEST = new ConcurrentHashMap<>();

    private Snapshots() {}

    static Snapshot get(String path) {
        return CACHE.computeIfAbsent(path, p -> {
            try {
                return SnapshotFiles.read(Paths.get(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the reference snapshot " + p + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * A folder and a model: the model's newest snapshot file in it (greatest valid_from; the SQL functions have
     * no window start to pick a dated one by), or its undated file of schema 1 and 2 where that is all there is.
     */
    static String path(String folderOrFile, String model) {
        Path p = Paths.get(folderOrFile);
        if (model == null) return folderOrFile;
        return NEWEST.computeIfAbsent(folderOrFile + '\0' + model, k -> {
            if (!Files.isDirectory(p)) return folderOrFile;
            try {
                return SnapshotFiles.newestFile(p, model).toString();
            } catch (IOException e) {
                return p.resolve(SnapshotFiles.fileName(model)).toString(); // read later, failing with its name
            }
        });
    }
}
