package io.modelwatch.segment;

import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.io.RecordReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The batch jobs' first pass for {@code --segment-by} (contract 2b): which values of each model get a segment of
 * their own, the first {@code --max-segments} in order of first appearance, "first" meaning the earliest event
 * time (ties: the smaller value), so the choice is the same whatever the parallelism and the order files are read
 * in. Every subtask keeps only its own first {@code max} values per model ({@link Firsts}): a value among the
 * global first is among the first of the subtask that holds its earliest record, with that record's time, so the
 * union of the subtasks' lists, sorted, gives the global first exactly, in memory bounded by models x max.
 */
public final class SegmentScan {
    private SegmentScan() {}

    /** The first {@code s.max()} values of each model in {@code lines} within [from, to), in order. */
    public static Map<String, List<String>> run(DataStream<RawLine> lines, Segmentation s, long fromMillis, long toMillis)
            throws Exception {
        List<FirstSeen> all = new ArrayList<>();
        try (CloseableIterator<FirstSeen> it = lines
                .transform("segment-scan", TypeInformation.of(FirstSeen.class),
                        new ScanOperator(s.by(), s.max(), fromMillis, toMillis))
                .uid("segment-scan")
                .executeAndCollect("modelwatch: segments (" + s.by() + ")")) {
            it.forEachRemaining(all::add);
        }
        return firsts(all, s.max());
    }

    /**
     * The segments of a backfill against a reference built with the same key (contract 2b): per model the reference's
     * segments first ({@code seeds}, those with their own snapshot), then the values of the job's own input in order
     * of first appearance, to {@code max} in all; so a reference's segment is compared with its own snapshot and
     * {@code __other} holds the same values as the reference's {@code __other} while the reference had the cap full.
     */
    public static Map<String, List<String>> admitted(Map<String, List<String>> seeds, Map<String, List<String>> firsts,
                                                     int max) {
        Map<String, List<String>> out = new TreeMap<>();
        java.util.Set<String> models = new java.util.TreeSet<>(seeds.keySet());
        models.addAll(firsts.keySet());
        for (String m : models) {
            List<String> l = new ArrayList<>();
            for (String v : seeds.getOrDefault(m, List.of())) if (l.size() < max && !v.equals(Segments.OTHER) && !l.contains(v)) l.add(v);
            for (String v : firsts.getOrDefault(m, List.of())) if (l.size() < max && !l.contains(v)) l.add(v);
            out.put(m, l);
        }
        return out;
    }

    /** Per model, the first {@code max} of the values seen, in order of first appearance. */
    static Map<String, List<String>> firsts(List<FirstSeen> seen, int max) {
        Map<String, Firsts> by = new TreeMap<>();
        for (FirstSeen f : seen) by.computeIfAbsent(f.model, m -> new Firsts(max)).offer(f.model, f.value, f.ts);
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, Firsts> e : by.entrySet()) {
            List<String> values = new ArrayList<>();
            for (FirstSeen f : e.getValue().ordered) values.add(f.value);
            out.put(e.getKey(), values);
        }
        return out;
    }

    /**
     * The first {@code max} values of one model by (earliest time, value). A value pushed out may come back later
     * with a later time than its true first; it then still has {@code max} values before it and is pushed out
     * again, so what stays is exact.
     */
    static final class Firsts {
        final int max;
        final TreeSet<FirstSeen> ordered = new TreeSet<>(FirstSeen::compare);
        final Map<String, FirstSeen> byValue = new HashMap<>();

        Firsts(int max) {
            this.max = max;
        }

        void offer(String model, String value, long ts) {
            FirstSeen had = byValue.get(value);
            if (had != null) {
                if (had.ts <= ts) return;
                ordered.remove(had);
                had.ts = ts;
                ordered.add(had);
                return;
            }
            if (ordered.size() >= max) {
                FirstSeen last = ordered.last();
                if (last.ts < ts || (last.ts == ts && last.value.compareTo(value) <= 0)) return;
                ordered.pollLast();
                byValue.remove(last.value);
            }
            FirstSeen f = new FirstSeen(model, value, ts);
            ordered.add(f);
            byValue.put(value, f);
        }
    }

    /** Reads the lines as the jobs do (the same parser, range and checks) and keeps each model's first values. */
    static final class ScanOperator extends AbstractStreamOperator<FirstSeen>
            implements OneInputStreamOperator<RawLine, FirstSeen>, BoundedOneInput {
        private static final long serialVersionUID = 1L;
        private final SegmentBy by;
        private final int max;
        private final long fromMillis, toMillis;
        private transient RecordReader reader;
        private transient Map<String, Firsts> firsts;
        private transient RecordReader.Handler handler;

        ScanOperator(SegmentBy by, int max, long fromMillis, long toMillis) {
            this.by = by;
            this.max = max;
            this.fromMillis = fromMillis;
            this.toMillis = toMillis;
        }

        @Override
        public void open() throws Exception {
            super.open();
            firsts = new HashMap<>();
            // bad records are the main pass's to count and store; here they are only skipped
            reader = new RecordReader(new PipelineCounts(), fromMillis, toMillis, deadLetter -> {}, Progress.none());
            handler = r -> {
                String v = by.value(r);
                if (v == null || v.isEmpty() || v.equals(Segments.OTHER)) return;
                Firsts f = firsts.get(r.model);
                if (f == null) firsts.put(r.model, f = new Firsts(max));
                f.offer(r.model, v, r.tsMillis);
            };
        }

        @Override
        public void processElement(StreamRecord<RawLine> element) throws Exception {
            reader.read(element.getValue(), handler);
        }

        @Override
        public void endInput() {
            for (Firsts f : firsts.values()) for (FirstSeen s : f.ordered) output.collect(new StreamRecord<>(s));
        }
    }
}
