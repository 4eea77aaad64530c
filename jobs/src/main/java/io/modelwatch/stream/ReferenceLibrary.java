package io.modelwatch.stream;

import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;
import io.modelwatch.segment.Segments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reference snapshots of a running stream job, each with a version, added and replaced while the job runs:
 * every {@code checkMillis} (processing time) the folder's files are listed, and a file whose modification time
 * or size changed is read again. The version of a snapshot is its file's modification time in millis (moved on
 * by one where the model already has that version), the same on every TaskManager that reads the same folder,
 * and ordered: newer beats older. A model may have several dated snapshots (contract 2b); a window uses the one
 * with the greatest valid_from at or before its start ({@link #current(String, long)}, {@link #forPane}).
 *
 * <p>One copy per JVM and folder (the subtasks of a TaskManager share it; snapshots can be hundreds of MB).
 * The last replaced or deleted versions of each model stay available, so a window accumulated against one can
 * still be scored after the switch. A snapshot file that cannot be read is logged and the version in use is kept; a deleted
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
        this(path, grid, checkMillis, null);
    }

    /**
     * {@code segmentBy}: the job's --segment-by key, or null. A segment's series ({@link Segments}) uses the
     * segment's own snapshots when the folder has some built with the same key, else the model's (contract 2b).
     */
    public ReferenceLibrary(String path, int grid, long checkMillis, String segmentBy) {
        this.path = path;
        this.grid = grid;
        this.checkMillis = checkMillis;
        this.segmentBy = segmentBy;
    }

    private final String segmentBy;

    /** The snapshots of a series by valid_from: a segment's own (built with the job's key), else its model's. */
    private List<Versioned> seriesOf(State s, String series) {
        String segment = Segments.segment(series);
        if (segment == null) return s.series(series);
        if (segmentBy != null) {
            List<Versioned> own = s.series(State.segmentKey(Segments.model(series), segment, segmentBy));
            if (!own.isEmpty()) return own;
        }
        return s.series(Segments.model(series));
    }

    /**
     * Per model, the segments that have their own snapshot built with the job's key, in name order: the stream
     * gives them their segments first (contract 2b), so readers that agree on the reference agree on them.
     */
    public Map<String, List<String>> segments() {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        if (segmentBy == null) return out;
        State s = state();
        synchronized (s) {
            s.check(false);
            for (Versioned v : s.byFile.values()) {
                Snapshot snap = v.snapshot;
                if (snap.segment() == null || !segmentBy.equals(snap.segmentBy()) || snap.segment().equals(Segments.OTHER)) continue;
                List<String> l = out.computeIfAbsent(snap.model, m -> new ArrayList<>());
                if (!l.contains(snap.segment())) l.add(snap.segment());
            }
        }
        for (List<String> l : out.values()) l.sort(null);
        return out;
    }

    /** The newest snapshot of the model (greatest valid_from), or null; checks the folder when the interval has passed. */
    public Versioned current(String model) {
        State s = state();
        synchronized (s) {
            s.check(false);
            List<Versioned> l = seriesOf(s, model);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }
    }

    /**
     * The snapshot of the model for a window starting at {@code windowStart} (contract 2b: the greatest valid_from
     * at or before it, else the oldest), or null; checks the folder when the interval has passed.
     */
    public Versioned current(String model, long windowStart) {
        State s = state();
        synchronized (s) {
            s.check(false);
            List<Versioned> l = seriesOf(s, model);
            return l.isEmpty() ? null : l.get(Math.max(0, indexAt(l, windowStart)));
        }
    }

    /**
     * The references a pane [paneStart, paneStart + slide) is folded against: one per distinct snapshot among those
     * of the windows of length {@code window} that contain it (window starts paneStart - window + slide ..
     * paneStart), each with the window starts it serves. One, except for panes of windows on both sides of a
     * valid_from.
     */
    public List<io.modelwatch.preaggregate.PreAggregator.Reference> forPane(String model, long paneStart, long window,
                                                                           long slide) {
        State s = state();
        List<Versioned> l;
        synchronized (s) {
            s.check(false);
            l = seriesOf(s, model);
        }
        if (l.isEmpty()) return List.of();
        int from = Math.max(0, indexAt(l, paneStart - window + slide)), to = Math.max(0, indexAt(l, paneStart));
        List<io.modelwatch.preaggregate.PreAggregator.Reference> out = new ArrayList<>(to - from + 1);
        for (int i = from; i <= to; i++) {
            Versioned v = l.get(i);
            long servesFrom = i == 0 ? Long.MIN_VALUE : v.snapshot.validFromMillis(); // the oldest: older windows too
            long servesUntil = i + 1 < l.size() ? l.get(i + 1).snapshot.validFromMillis() : Long.MAX_VALUE;
            out.add(new io.modelwatch.preaggregate.PreAggregator.Reference(v.snapshot, v.version, servesFrom, servesUntil));
        }
        return out;
    }

    /** The index of the greatest valid_from <= t in a series, or -1. */
    private static int indexAt(List<Versioned> l, long t) {
        int found = -1;
        for (int i = 0; i < l.size() && l.get(i).snapshot.validFromMillis() <= t; i++) found = i;
        return found;
    }

    /**
     * The given version of one of the model's snapshots (in use, or replaced or deleted lately), or null; for a
     * segment's series, of its model's (versions are unique among all a model's files, its segments' included).
     */
    public Versioned get(String series, long version) {
        String model = Segments.model(series);
        State s = state();
        synchronized (s) {
            s.check(false);
            Versioned v = s.find(model, version);
            if (v == null) { // another TaskManager saw a new file first
                s.check(true);
                v = s.find(model, version);
            }
            return v;
        }
    }

    /** Loads the folder now (the CLI calls it to refuse a bad folder before the job starts); the number of models. */
    public int loadNow() {
        State s = state();
        synchronized (s) {
            s.refresh(true);
            return (int) s.series.keySet().stream().filter(k -> k.indexOf('\u0000') < 0).count(); // models, not segments
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
        /** Replaced and deleted versions kept per model, so windows accumulated against them can still be scored. */
        private static final int RETIRED = 8;
        final Path dir;
        final int grid;
        final long checkMillis;
        /** File name -> the version read from it. */
        final Map<String, Versioned> byFile = new HashMap<>();
        final Map<String, java.util.ArrayDeque<Versioned>> retired = new HashMap<>();
        /** Model -> its whole-model snapshots by valid_from (one per valid_from: the newest version). */
        Map<String, List<Versioned>> series = Map.of();
        /** File name -> "mtime:size" as last read. */
        final Map<String, String> seen = new HashMap<>();
        long lastCheck = Long.MIN_VALUE;

        State(Path dir, int grid, long checkMillis) {
            this.dir = dir;
            this.grid = grid;
            this.checkMillis = checkMillis;
        }

        /** Lists the folder again when the interval has passed (or {@code force}). Callers hold the lock. */
        void check(boolean force) {
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
        }

        List<Versioned> series(String model) {
            return series.getOrDefault(model, List.of());
        }

        Versioned find(String model, long version) {
            for (Versioned v : byFile.values()) if (v.version == version && v.snapshot.model.equals(model)) return v;
            for (Versioned v : retired.getOrDefault(model, new java.util.ArrayDeque<>())) if (v.version == version) return v;
            return null;
        }

        private void retire(Versioned v) {
            java.util.ArrayDeque<Versioned> q = retired.computeIfAbsent(v.snapshot.model, m -> new java.util.ArrayDeque<>());
            q.addLast(v);
            while (q.size() > RETIRED) q.removeFirst();
        }

        /** A version unique among the model's: the file's modification time, moved on past any taken. */
        private long uniqueVersion(String model, long mtime) {
            long v = mtime;
            while (find(model, v) != null) v++; // rewritten within the same millisecond, or two files of one mtime
            return v;
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
            boolean changed = false;
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(now).entrySet()) {
                if (e.getValue().equals(seen.get(e.getKey()))) continue;
                Path file = Paths.get(e.getKey());
                try {
                    Snapshot s = SnapshotFiles.read(file);
                    if (grid > 0) s = s.withGrid(grid);
                    long version = uniqueVersion(s.model, Long.parseLong(e.getValue().substring(0, e.getValue().indexOf(':'))));
                    Versioned old = byFile.put(e.getKey(), new Versioned(version, s));
                    seen.put(e.getKey(), e.getValue());
                    changed = true;
                    if (old != null) {
                        retire(old);
                        LOG.info("model '{}': reference snapshot replaced (version {} -> {})", s.model, old.version, version);
                    }
                } catch (IOException | RuntimeException ex) {
                    if (strict) throw new UncheckedIOException(ex.getMessage(), ex instanceof IOException ? (IOException) ex : new IOException(ex));
                    LOG.warn("reference snapshot {} cannot be read ({}); keeping the version in use", file, ex.getMessage());
                }
            }
            for (String gone : new ArrayList<>(seen.keySet())) {
                if (now.containsKey(gone)) continue;
                seen.remove(gone);
                Versioned old = byFile.remove(gone);
                changed = true;
                if (old != null) {
                    retire(old);
                    boolean left = byFile.values().stream().anyMatch(v -> v.snapshot.model.equals(old.snapshot.model));
                    if (!left) {
                        LOG.warn("model '{}': its reference snapshot {} is gone; serving figures only from now on",
                                old.snapshot.model, gone);
                    }
                }
            }
            if (changed) series = index(byFile.values());
        }

        /** The key of a segment's own snapshots in {@link #series}: model, segment and the key it was built with. */
        static String segmentKey(String model, String segment, String segmentBy) {
            return model + '\u0000' + segment + '\u0000' + segmentBy;
        }

        /**
         * The snapshots per model (and per segment, under {@link #segmentKey}) by valid_from; of one valid_from the
         * newest version.
         */
        private static Map<String, List<Versioned>> index(java.util.Collection<Versioned> all) {
            Map<String, java.util.TreeMap<Long, Versioned>> by = new HashMap<>();
            for (Versioned v : all) {
                Snapshot snap = v.snapshot;
                String key = snap.segment() == null ? snap.model : segmentKey(snap.model, snap.segment(), snap.segmentBy());
                by.computeIfAbsent(key, m -> new java.util.TreeMap<>())
                        .merge(v.snapshot.validFromMillis(), v, (a, b) -> a.version >= b.version ? a : b);
            }
            Map<String, List<Versioned>> out = new HashMap<>();
            for (Map.Entry<String, java.util.TreeMap<Long, Versioned>> e : by.entrySet()) {
                out.put(e.getKey(), List.copyOf(e.getValue().values()));
            }
            return out;
        }

        private static String stamp(Path f) throws IOException {
            return Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f);
        }
    }
}
