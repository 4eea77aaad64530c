package io.modelwatch.slo;

import io.modelwatch.io.PredictionRecord;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The map-side half of the SLOs: a parsing operator hands it every good record ({@link #add}) and it counts
 * good and bad events per model, minute and SLO, so the shuffle carries one {@link SloMinute} per model,
 * minute and SLO instead of every record. Minutes leave through {@link #flushClosed} (event time has passed
 * them), {@link #flushAll} (end of input, checkpoint barrier) or, to bound memory when event time is all over
 * the place, the oldest first once more than {@code maxOpenMinutes} are open; partials of one minute add up
 * downstream, so an early flush is harmless. Not thread-safe: one per task.
 */
final class SloCounter {
    private static final int[] NONE = new int[0];

    private final List<Slo> slos;
    private final int maxOpenMinutes;
    /** Model -> indexes of the SLOs whose globs match it (globs are matched once per model). */
    private final Map<String, int[]> sloIndexes = new HashMap<>();
    private final LinkedHashMap<Key, long[]> open = new LinkedHashMap<>();
    private final Key probe = new Key();

    public SloCounter(List<Slo> slos, int maxOpenMinutes) {
        this.slos = List.copyOf(slos);
        this.maxOpenMinutes = maxOpenMinutes;
    }

    /** Counts one record; the caller's {@code overflow} receives minutes flushed early. */
    public void add(PredictionRecord r, Consumer<SloMinute> overflow) {
        int[] indexes = sloIndexes.get(r.model);
        if (indexes == null) indexes = match(r.model);
        if (indexes.length == 0) return;
        probe.model = r.model;
        probe.minute = Math.floorDiv(r.tsMillis, 60_000L);
        long[] counts = open.get(probe);
        if (counts == null) {
            if (open.size() >= maxOpenMinutes) {
                Iterator<Map.Entry<Key, long[]>> it = open.entrySet().iterator();
                Map.Entry<Key, long[]> oldest = it.next();
                emit(oldest.getKey(), oldest.getValue(), overflow);
                it.remove();
            }
            counts = new long[2 * slos.size()];
            open.put(new Key(r.model, probe.minute), counts);
        }
        for (int i : indexes) {
            byte kind = slos.get(i).good().classify(r);
            if (kind != GoodRule.NOT_COUNTED) counts[2 * i + kind]++;
        }
    }

    private int[] match(String model) {
        int n = 0;
        int[] all = new int[slos.size()];
        for (int i = 0; i < slos.size(); i++) if (slos.get(i).appliesTo(model)) all[n++] = i;
        int[] indexes = n == 0 ? NONE : java.util.Arrays.copyOf(all, n);
        sloIndexes.put(model, indexes);
        return indexes;
    }

    /** Emits every minute that ends at or before {@code watermark + 1} (a minute [s, e) is complete at e - 1). */
    public void flushClosed(long watermarkMillis, Consumer<SloMinute> out) {
        Iterator<Map.Entry<Key, long[]>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, long[]> e = it.next();
            if ((e.getKey().minute + 1) * 60_000L - 1 <= watermarkMillis) {
                emit(e.getKey(), e.getValue(), out);
                it.remove();
            }
        }
    }

    public void flushAll(Consumer<SloMinute> out) {
        for (Map.Entry<Key, long[]> e : open.entrySet()) emit(e.getKey(), e.getValue(), out);
        open.clear();
    }

    private static void emit(Key key, long[] counts, Consumer<SloMinute> out) {
        for (int i = 0; i < counts.length / 2; i++) {
            if (counts[2 * i] + counts[2 * i + 1] > 0) {
                out.accept(new SloMinute(key.model, i, key.minute, counts[2 * i], counts[2 * i + 1]));
            }
        }
    }

    /** Mutable so a lookup allocates nothing; never mutated once it is a key in the map. */
    private static final class Key {
        String model;
        long minute;

        Key() {}

        Key(String model, long minute) {
            this.model = model;
            this.minute = minute;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).minute == minute && ((Key) o).model.equals(model);
        }

        @Override
        public int hashCode() {
            return model.hashCode() * 31 + Long.hashCode(minute);
        }
    }
}
