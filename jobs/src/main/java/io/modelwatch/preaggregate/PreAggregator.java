package io.modelwatch.preaggregate;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.io.RecordReader;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.serving.ServingAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The pre-aggregation both jobs share, in plain Java (testable without Flink; the backfill's and the stream's
 * operators are thin wrappers): reads raw lines through {@link RecordReader} (parsing, counting, dead letters,
 * the time range), and folds each good record right where it was read into its model's open window: a
 * {@link DriftPartial} against the model's current reference, a {@link ServingAccumulator}, and whatever more
 * per-record figures were plugged in ({@link FiguresFactory}). The record is parsed once for all of them.
 *
 * <p>A window leaves through the {@link Emitter} when the watermark closes it ({@link #watermark}), when there
 * are more than {@code maxOpen} open (the oldest first: input out of time order must not grow memory without
 * bound; downstream merging makes an early flush harmless), and at {@link #flushAll} (end of input, or before a
 * checkpoint barrier in the stream, so the operator itself holds no state).
 *
 * <p>Event time: a watermark W says no record with a timestamp &lt;= W is to come, so a window [start, end) is
 * closed at W = end - 1 (as in Flink's own windows). A record is <b>late</b> when its window closed more than
 * the allowed lateness ago: end - 1 + allowed lateness &lt;= W. It is counted as late (PipelineCounts.late, the
 * {@code pipeline} point's late_records), goes to the dead letters with the reason, and is in no window. With
 * no allowed lateness set ({@link Settings#noLateness}) no record is late: a record of a window already
 * flushed opens it again, and downstream merging adds the two parts (the backfill). Not thread-safe.
 */
public final class PreAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(PreAggregator.class);

    /**
     * A model's reference for the pre-aggregation: its snapshot, its version (partials of different versions never
     * merge) and the window starts [servesFrom, servesUntil) it is the dated snapshot for (contract 2b; the stream's
     * pane windows keep only the windows a partial serves).
     */
    public record Reference(Snapshot snapshot, long version, long servesFrom, long servesUntil) {
        /** A reference for every window. */
        public Reference(Snapshot snapshot, long version) {
            this(snapshot, version, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** Where the reference of a model's window comes from; null when the model has none. */
    @FunctionalInterface
    public interface References {
        /** The reference of the window of {@code model} that starts at {@code windowStart}, or null. */
        Reference current(String model, long windowStart);

        /**
         * The references a window (the stream: a pane) starting at {@code start} is folded against, the first one
         * the main one: one, but a pane that is part of windows with different dated snapshots has each of them.
         */
        default List<Reference> all(String model, long start) {
            Reference r = current(model, start);
            return r == null ? List.of() : List.of(r);
        }
    }

    /** More figures of a window, fed every good record of it (SLOs, ground truth, ...). */
    public interface Figures {
        void update(PredictionRecord r);

        /** The window is about to leave (before the {@link Emitter} sees it): a last word on its state. */
        default void close(Window w) {}
    }

    /** Makes the {@link Figures} of a window when it opens; {@code reference} is null for a model without one. */
    @FunctionalInterface
    public interface FiguresFactory extends Serializable {
        Figures open(String model, long start, long end, Reference reference);
    }

    /** Receives each window as it leaves. */
    @FunctionalInterface
    public interface Emitter {
        void emit(Window w) throws Exception;
    }

    /**
     * How windows are cut: {@code length} ms aligned to the epoch (the backfill's window, the stream's pane),
     * the allowed lateness (or {@link #NO_LATENESS}), exact mode, the most windows open at once, and the time
     * range [from, to) of records to count (others are out of range).
     */
    public record Settings(long length, long allowedLateness, boolean exact, int maxOpen, long fromMillis,
                           long toMillis) implements Serializable {
        public static final long NO_LATENESS = Long.MAX_VALUE;

        public Settings {
            if (length <= 0) throw new IllegalArgumentException("window length must be positive: " + length);
            if (allowedLateness < 0) throw new IllegalArgumentException("allowed lateness must be >= 0: " + allowedLateness);
            if (maxOpen < 1) throw new IllegalArgumentException("max open windows must be >= 1: " + maxOpen);
        }

        public boolean noLateness() {
            return allowedLateness == NO_LATENESS;
        }
    }

    /** One model's open window; what the emitter reads. */
    public static final class Window {
        private final String model;
        private final long start, end, version;
        private final DriftPartial drift;
        private final List<Reference> references;
        /** One per reference, {@code drifts[0] == drift}. */
        private final DriftPartial[] drifts;
        private final ServingAccumulator serving;
        private final Figures[] figures;

        private Window(String model, long start, long end, List<Reference> refs, boolean exact, List<FiguresFactory> more,
                       DriftPartial[] spare) {
            this.model = model;
            this.start = start;
            this.end = end;
            this.references = refs;
            Reference ref = refs.isEmpty() ? null : refs.get(0);
            this.version = ref == null ? 0 : ref.version();
            this.drifts = new DriftPartial[refs.size()];
            for (int i = 0; i < drifts.length; i++) {
                DriftPartial old = spare != null && i < spare.length ? spare[i] : null;
                // the partial is the window's series' (a segment's may be folded against its model's snapshot)
                drifts[i] = old != null && old.reusableFor(refs.get(i).snapshot(), exact) ? old.reuseFor(start, end)
                        : DriftPartial.forWindow(model, refs.get(i).snapshot(), start, end, exact);
            }
            this.drift = ref == null ? null : drifts[0];
            this.serving = new ServingAccumulator(model, start, end);
            this.figures = new Figures[more.size()];
            for (int i = 0; i < figures.length; i++) figures[i] = more.get(i).open(model, start, end, ref);
        }

        private void update(PredictionRecord r) {
            for (DriftPartial d : drifts) d.update(r);
            serving.add(r);
            for (Figures f : figures) f.update(r);
        }

        /** The references of this window's drift partials ({@link #drift(int)}), the main one first; maybe none. */
        public List<Reference> references() {
            return references;
        }

        /** The drift state against the i-th reference. */
        public DriftPartial drift(int i) {
            return drifts[i];
        }

        public String model() {
            return model;
        }

        public long start() {
            return start;
        }

        public long end() {
            return end;
        }

        /** The version of the reference the drift was folded against (0 without one). */
        public long version() {
            return version;
        }

        /** The drift state, null for a model without a reference. */
        public DriftPartial drift() {
            return drift;
        }

        public ServingAccumulator serving() {
            return serving;
        }

        /** The figures of the i-th plugged-in factory. */
        public Figures figures(int i) {
            return figures[i];
        }
    }

    private final Settings settings;
    private final References references;
    private final List<FiguresFactory> more;
    private final Emitter emitter;
    private final String withoutReferenceNote;
    private final RecordReader reader;
    private final RecordReader.Handler handler = this::add;
    private final LinkedHashMap<Key, Window> open = new LinkedHashMap<>();
    private final Key probe = new Key();
    private final Set<String> withoutReference = new HashSet<>();
    private PipelineCounts counts = new PipelineCounts();
    /** With {@link #recycleDrift}: per model, the drift state of its last emitted window, to be emptied and reused. */
    private final java.util.Map<String, DriftPartial[]> spare = new java.util.HashMap<>();
    private boolean recycle;
    private long lateTotal;
    private long watermark = Long.MIN_VALUE;

    /**
     * @param deadLetters receives each dead letter as its JSON line
     * @param withoutReferenceNote said after the warning about a model without a reference (may be empty)
     * @param progress the task's records read and bad records
     */
    public PreAggregator(Settings settings, References references, List<FiguresFactory> more, Emitter emitter,
                         Consumer<String> deadLetters, String withoutReferenceNote, Progress progress) {
        this.settings = settings;
        this.references = references;
        this.more = List.copyOf(more);
        this.emitter = emitter;
        this.withoutReferenceNote = withoutReferenceNote;
        this.reader = new RecordReader(counts, settings.fromMillis(), settings.toMillis(), deadLetters, progress);
        this.maxOpen = settings.maxOpen();
    }

    /**
     * The emitter copies or serializes what it keeps of a window's drift state before it returns (the stream's
     * pane operator ships shards as it emits them): so that state is emptied and reused by the model's next
     * window instead of allocated again (for 1000 features 24 MB, and the stream's panes open again after every
     * checkpoint barrier).
     */
    public PreAggregator recycleDrift() {
        this.recycle = true;
        return this;
    }

    /** With --segment-by (contract 2b): the records' series, or null (each record is its model's). */
    private io.modelwatch.segment.Segmenter segmenter;

    /**
     * Folds each record into its segment's window instead of its model's (contract 2b): the window, its partials
     * and whatever is keyed downstream belong to the series model + segment ({@link io.modelwatch.segment.Segments}),
     * the references are asked for that series. {@code null}: not segmented.
     */
    public PreAggregator withSegments(io.modelwatch.segment.Segmentation segmentation) {
        this.segmenter = segmentation == null ? null : new io.modelwatch.segment.Segmenter(segmentation);
        // a window of time is now up to cap + 1 windows of series, all open at once in time-ordered input: the
        // limit is per series, or every record of another segment would push a window out early (a flood of
        // partials of a few records each)
        this.maxOpen = segmentation == null ? settings.maxOpen()
                : (int) Math.min(Integer.MAX_VALUE, (long) settings.maxOpen() * (segmentation.max() + 1));
        return this;
    }

    /** The most windows open at once: the settings', times the series a model may have when segmented. */
    private int maxOpen;

    /** Reads one chunk of raw lines. */
    public void read(RawLine chunk) throws Exception {
        reader.read(chunk, handler);
    }

    private void add(PredictionRecord r) throws Exception {
        long length = settings.length();
        long start = Math.floorDiv(r.tsMillis, length) * length;
        if (!settings.noLateness() && closed(start + length + settings.allowedLateness())) {
            lateTotal++;
            reader.late("late: event time " + Instant.ofEpochMilli(r.tsMillis) + " is in a window that closed more"
                    + " than the allowed lateness (" + settings.allowedLateness() + " ms) before the watermark "
                    + Instant.ofEpochMilli(watermark));
            return;
        }
        String series = segmenter == null ? r.model : segmenter.series(r); // a look-up: the same string each time
        probe.model = series;
        probe.start = start;
        Window w = open.get(probe);
        if (w == null) w = openWindow(series, start);
        if (w.drift == null) counts.withoutSnapshot++;
        w.update(r);
    }

    private Window openWindow(String model, long start) throws Exception {
        if (open.size() >= maxOpen) {
            Iterator<Window> it = open.values().iterator();
            Window oldest = it.next();
            it.remove();
            leave(oldest);
        }
        List<Reference> refs = references.all(model, start);
        if (refs.isEmpty()) {
            if (withoutReference.add(model)) {
                LOG.warn("model '{}' has no reference snapshot: its serving figures are computed, its drift is not{}",
                        model, withoutReferenceNote);
            }
        } else {
            withoutReference.remove(model);
        }
        Window w = new Window(model, start, start + settings.length(), refs, settings.exact(), more,
                recycle ? spare.remove(model) : null);
        Key key = new Key();
        key.model = model;
        key.start = start;
        open.put(key, w);
        return w;
    }

    /** Whether event time has passed {@code end} (exclusive): a window [start, end) is complete at W = end - 1. */
    private boolean closed(long end) {
        return watermark != Long.MIN_VALUE && end - 1 <= watermark;
    }

    /** Event time is now {@code watermark}: emits every window it closes. */
    public void watermark(long watermark) throws Exception {
        this.watermark = watermark;
        Iterator<Window> it = open.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            if (closed(w.end)) {
                it.remove();
                leave(w);
            }
        }
    }

    /** Emits every open window (end of input, or before a checkpoint barrier). */
    public void flushAll() throws Exception {
        List<Window> all = new ArrayList<>(open.values());
        open.clear();
        for (Window w : all) leave(w);
    }

    private void leave(Window w) throws Exception {
        for (Figures f : w.figures) f.close(w);
        emitter.emit(w);
        if (recycle && w.drift != null) spare.put(w.model, w.drifts);
    }

    /** The reader, which knows where the record being folded came from and its raw bytes (for figures that store a copy). */
    public RecordReader reader() {
        return reader;
    }

    public int openWindows() {
        return open.size();
    }

    /** The counts since the last call (or the start), and zeroes them. */
    public PipelineCounts takeCounts() {
        PipelineCounts c = counts;
        counts = new PipelineCounts();
        reader.countInto(counts);
        return c;
    }

    /** Late records since the start. */
    public long lateTotal() {
        return lateTotal;
    }

    /** Models seen whose reference is missing (now). */
    public Set<String> withoutReference() {
        return Set.copyOf(withoutReference);
    }

    /** Mutable so a lookup allocates nothing; never mutated once it is a key in the map. */
    private static final class Key {
        String model;
        long start;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).start == start && ((Key) o).model.equals(model);
        }

        @Override
        public int hashCode() {
            return model.hashCode() * 31 + Long.hashCode(start);
        }
    }
}
