package io.modelwatch.segment;

import io.modelwatch.io.PredictionRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each record its series (contract 2b): {@link Segments#series} of its model and segment value, the value's
 * own segment while the model has fewer than {@code --max-segments} of them (in order of first appearance),
 * {@link Segments#OTHER} for the rest and for a missing value. The series strings are made once per model and
 * value and then found again by map look-ups: a record costs no allocation. Not thread-safe: one per operator.
 */
public final class Segmenter {
    /** Values past the cap remembered per model, at most. */
    static final int MEMO = 10_000;
    private final Segmentation settings;
    private final SegmentBy by;
    private final Map<String, Model> models = new HashMap<>();

    private static final class Model {
        final String other;
        final Map<String, String> series = new HashMap<>();
        int own;

        Model(String model) {
            other = Segments.series(model, Segments.OTHER);
        }
    }

    public Segmenter(Segmentation settings) {
        this.settings = settings;
        this.by = settings.by();
    }

    /** The series of the record. */
    public String series(PredictionRecord r) {
        Model m = models.get(r.model);
        if (m == null) m = open(r.model);
        String value = by.value(r);
        if (value == null || value.isEmpty()) return m.other; // an empty tag value would be left out of the points
        String s = m.series.get(value);
        if (s != null) return s;
        if (settings.closed() || m.own >= settings.max() || value.equals(Segments.OTHER)) {
            // remembered so the next record of this value is one look-up too; bounded, as the values may be endless
            if (m.series.size() < MEMO) m.series.put(value, m.other);
            return m.other;
        }
        return admit(m, r.model, value);
    }

    private Model open(String model) {
        Model m = new Model(model);
        models.put(model, m);
        for (String v : settings.admitted().getOrDefault(model, List.of())) {
            if (m.own < settings.max() && !m.series.containsKey(v)) admit(m, model, v);
        }
        return m;
    }

    private static String admit(Model m, String model, String value) {
        String s = Segments.series(model, value);
        m.series.put(value, s);
        m.own++;
        return s;
    }
}
