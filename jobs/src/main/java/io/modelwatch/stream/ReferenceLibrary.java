package io.modelwatch.stream;

import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reference snapshots of a running stream job, each with a version, and replaced while the job runs: every
 * {@code checkMillis} (processing time) the folder's files are listed, and a file whose modification time or
 * size changed is read again. The version of a model's snapshot is its file's modification time in millis, the
 * same on every TaskManager that reads the same folder, and ordered: newer beats older.
 *
 * <p>One copy per JVM and folder (the subtasks of a TaskManager share it; snapshots can be hundreds of MB).
 * The previous version of each model stays available, so a window accumulated against it can still be scored
 * after the switch. A snapshot file that cannot be read is logged and the version in use is kept; a deleted
 * file makes its model one without a snapshot (serving figures only), as does a model that never had one.
 */
public final class ReferenceLibrary implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceLibrary.class);

    /** A snapshot and its version. */
    public static final class Versioned {
        public final long version;
        public final Snapshot snapshot;

        Versioned(long version, Snapshot snapshot) {
            this.version = version;
            this.snapshot = snapshot;
        }
    }

    private final String path;
    private final int grid;
    private final long checkMillis;

    public ReferenceLibrary(String path, int grid, long checkMillis) {
        this.path = path;
        this.grid = grid;
        this.checkMillis = checkMillis;
    }

    /** The current version of the model's snapshot, or null; checks the folder when the interval has passed. */
    public Versioned current(String model) {
        return state().current(model, false);
    }

    /** The given version of the model's snapshot (the current or the previous one), or null. */
    public Versioned get(String model, long version) {
        State s = state();
        Versioned v = s.current(model, false);
        if (v != null && v.version == version) return v;
        if (v == null || v.version < version) { // another TaskManager saw the new file first
            v = s.current(model, true);
            if (v != null && v.version == version) return v;
        }
        synchronized (s) {
            Versioned p = s.previous.get(model);
            return p != null && p.version == version ? p : null;
        }
    }

    /** Loads the folder now (the CLI calls it to refuse a bad folder before the job starts). */
    public int loadNow() {
        State s = state();
        synchronized (s) {
            s.refresh(true);
            return s.current.size();
        }
    }

    private State state() {
        String key = path + '|' + grid;
        synchronized (STATES) {
            return STATES.computeIfAbsent(key, k -> new State(Paths.get(path), grid, checkMillis));
        }
    }

    private static final Map<String, State> STATES = new HashMap<>();

    private static final class State {
        final Path dir;
        final int grid;
        final long checkMillis;
        final Map<String, Versioned> current = new HashMap<>();
        final Map<String, Versioned> previous = new HashMap<>();
        /** File name -> "mtime:size" as last read. */
        final Map<String, String> seen = new HashMap<>();
        final Map<String, String> modelOfFile = new HashMap<>();
        long lastCheck = Long.MIN_VALUE;

        State(Path dir, int grid, long checkMillis) {
            this.dir = dir;
            this.grid = grid;
            this.checkMillis = checkMillis;
        }

        synchronized Versioned current(String model, boolean force) {
            long now = System.currentTimeMillis();
            if (lastCheck == Long.MIN_VALUE || force || (checkMillis > 0 && now - lastCheck >= checkMillis)) {
                try {
                    refresh(lastCheck == Long.MIN_VALUE);
                } catch (UncheckedIOException e) {
                    if (lastCheck == Long.MIN_VALUE) throw e;
                    LOG.warn("reference folder {}: {}; keeping the snapshots in use", dir, e.getMessage());
                }
                lastCheck = now;
            }
            return current.get(model);
        }

        /** Reads new and changed files; {@code strict}: a file that cannot be read is an error, not a warning. */
        void refresh(boolean strict) {
            Map<String, String> now = new HashMap<>();
            try {
                if (Files.isRegularFile(dir)) {
                    now.put(dir.toString(), stamp(dir));
                } else {
                    if (!Files.isDirectory(dir)) throw new IOException("no snapshot folder or file at " + dir);
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            if (f.getFileName().toString().endsWith(SnapshotFiles.SUFFIX)) now.put(f.toString(), stamp(f));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            for (Map.Entry<String, String> e : now.entrySet()) {
                if (e.getValue().equals(seen.get(e.getKey()))) continue;
                Path file = Paths.get(e.getKey());
                try {
                    Snapshot s = SnapshotFiles.read(file);
                    if (grid > 0) s = s.withGrid(grid);
                    long version = Long.parseLong(e.getValue().substring(0, e.getValue().indexOf(':')));
                    Versioned old = current.get(s.model);
                    if (old != null && old.version == version) version++; // rewritten within the same millisecond
                    if (old != null) previous.put(s.model, old);
                    current.put(s.model, new Versioned(version, s));
                    modelOfFile.put(e.getKey(), s.model);
                    seen.put(e.getKey(), e.getValue());
                    if (old != null) LOG.info("model '{}': reference snapshot replaced (version {} -> {})", s.model, old.version, version);
                } catch (IOException | RuntimeException ex) {
                    if (strict) throw new UncheckedIOException(ex.getMessage(), ex instanceof IOException ? (IOException) ex : new IOException(ex));
                    LOG.warn("reference snapshot {} cannot be read ({}); keeping the version in use", file, ex.getMessage());
                }
            }
            for (String gone : new java.util.ArrayList<>(seen.keySet())) {
                if (now.containsKey(gone)) continue;
                seen.remove(gone);
                String model = modelOfFile.remove(gone);
                if (model != null && !modelOfFile.containsValue(model)) {
                    Versioned old = current.remove(model);
                    if (old != null) previous.put(model, old);
                    LOG.warn("model '{}': its reference snapshot {} is gone; serving figures only from now on", model, gone);
                }
            }
        }

        private static String stamp(Path f) throws IOException {
            return Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f);
        }
    }
}
