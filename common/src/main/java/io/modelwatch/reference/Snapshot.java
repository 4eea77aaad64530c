package io.modelwatch.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference snapshot of one model (contract section 2): what "normal" looked like for each feature.
 * Numeric features are indexed 0..n-1 and categorical ones 0..m-1 in name order, so per-window state can be
 * primitive arrays addressed by that index. {@link SnapshotFiles} reads and writes it.
 */
public final class Snapshot {

    /**
     * Written by this version; 2 added {@code rank_error} per numeric feature (0, exact, in version 1 files); 3
     * added {@code valid_from}, the segment and the calibrated thresholds (contract 2b; a v1/v2 file is valid from
     * its {@code to}, unsegmented, without thresholds).
     */
    public static final int SCHEMA_VERSION = 3;
    /** The oldest version still read. */
    public static final int OLDEST_SCHEMA_VERSION = 1;

    /** Model-behaviour columns that are drift-checked as features (contract section 3b). */
    public static final String PREDICTION_FEATURE = "__prediction";
    public static final String CONFIDENCE_FEATURE = "__confidence";

    public final String model;
    public final long fromMillis;
    public final long toMillis;
    public final long records;
    public final int grid;
    public final int sampleLimit;
    private final List<NumericReference> numeric;
    private final List<CategoricalReference> categorical;
    private final Map<String, Integer> numericIndex = new HashMap<>();
    private final Map<String, Integer> categoricalIndex = new HashMap<>();
    /** The score calibration map learnt with {@code reference --labels} (section 3e), or null. */
    public final io.modelwatch.performance.CalibrationMap calibration;

    public Snapshot(String model, long fromMillis, long toMillis, long records, int grid, int sampleLimit,
                    List<NumericReference> numeric, List<CategoricalReference> categorical) {
        this(model, fromMillis, toMillis, records, grid, sampleLimit, numeric, categorical, null);
    }

    public Snapshot(String model, long fromMillis, long toMillis, long records, int grid, int sampleLimit,
                    List<NumericReference> numeric, List<CategoricalReference> categorical,
                    io.modelwatch.performance.CalibrationMap calibration) {
        this.calibration = calibration;
        this.validFromMillis = toMillis;
        this.model = model;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.records = records;
        this.grid = grid;
        this.sampleLimit = sampleLimit;
        this.numeric = new ArrayList<>(numeric);
        this.categorical = new ArrayList<>(categorical);
        this.numeric.sort((a, b) -> a.name.compareTo(b.name));
        this.categorical.sort((a, b) -> a.name.compareTo(b.name));
        for (int i = 0; i < this.numeric.size(); i++) numericIndex.put(this.numeric.get(i).name.intern(), i);
        for (int i = 0; i < this.categorical.size(); i++) {
            categoricalIndex.put(this.categorical.get(i).name.intern(), i);
        }
    }

    /** This snapshot on a coarser histogram grid (see {@link NumericReference#coarsen}). */
    public Snapshot withGrid(int g) {
        if (g <= 0 || g == grid) return this;
        if (g % 10 != 0) throw new IllegalArgumentException("--grid " + g + " must be a multiple of 10");
        if (grid % g != 0) {
            throw new IllegalArgumentException("--grid " + g + " must divide the snapshot's grid of " + grid);
        }
        List<NumericReference> coarse = new ArrayList<>(numeric.size());
        for (NumericReference r : numeric) coarse.add(r.coarsen(g));
        return carry(new Snapshot(model, fromMillis, toMillis, records, g, sampleLimit, coarse, categorical, calibration));
    }

    /** This snapshot with a calibration map (null: none). */
    public Snapshot withCalibration(io.modelwatch.performance.CalibrationMap map) {
        return carry(new Snapshot(model, fromMillis, toMillis, records, grid, sampleLimit, numeric, categorical, map));
    }

    // ---- dating, segment and calibration (contract 2b) --------------------------------------------------------

    /** Where this snapshot is valid from (ms): windows starting at or after it use it, until a newer one. */
    private long validFromMillis;
    private String segmentBy, segment;
    private DriftThresholds thresholds;

    /** The copy's dating, segment and thresholds are this snapshot's; every {@code with...} copy goes through here. */
    private Snapshot carry(Snapshot copy) {
        copy.validFromMillis = validFromMillis;
        copy.segmentBy = segmentBy;
        copy.segment = segment;
        copy.thresholds = thresholds;
        copy.multivariate = multivariate;
        return copy;
    }

    private Snapshot copy() {
        return carry(new Snapshot(model, fromMillis, toMillis, records, grid, sampleLimit, numeric, categorical, calibration));
    }

    /** Valid from (ms since the epoch); by default the end of the reference range. */
    public long validFromMillis() {
        return validFromMillis;
    }

    public Snapshot withValidFrom(long millis) {
        Snapshot s = copy();
        s.validFromMillis = millis;
        return s;
    }

    /** The {@code --segment-by} key the reference was built with, or null (the model's whole traffic). */
    public String segmentBy() {
        return segmentBy;
    }

    /** The segment value this snapshot describes, or null. */
    public String segment() {
        return segment;
    }

    public Snapshot withSegment(String segmentBy, String segment) {
        Snapshot s = copy();
        s.segmentBy = segmentBy;
        s.segment = segment;
        return s;
    }

    /** The calibrated thresholds, or null (a snapshot of schema 1 or 2, or built without enough chunks). */
    public DriftThresholds thresholds() {
        return thresholds;
    }

    public Snapshot withThresholds(DriftThresholds t) {
        Snapshot s = copy();
        s.thresholds = t;
        return s;
    }

    /**
     * What drift points write in their {@code reference} field: {@code MODEL@valid_from} (ISO-8601, UTC); a segment's
     * own snapshot {@code MODEL~SEGMENT@valid_from}, as its file is named, so a segment's point says whether it was
     * compared with its own snapshot or with the model's.
     */
    public String referenceName() {
        return model + (segment == null ? "" : "~" + segment) + '@' + java.time.Instant.ofEpochMilli(validFromMillis);
    }

    // ---- multivariate and embeddings (contract 3d; issue 17) ------------------------------------------------

    /** The PCA of the joint sample and the embedding references, or null (a snapshot written before them). */
    private io.modelwatch.multivariate.MultivariateSnapshot multivariate;

    public io.modelwatch.multivariate.MultivariateSnapshot multivariate() {
        return multivariate;
    }

    /** This snapshot with its multivariate part (null: none); the one place it is set. */
    public Snapshot withMultivariate(io.modelwatch.multivariate.MultivariateSnapshot m) {
        if (m == multivariate) return this;
        Snapshot s = copy();
        s.multivariate = m;
        return s;
    }

    public List<NumericReference> numeric() {
        return numeric;
    }

    public List<CategoricalReference> categorical() {
        return categorical;
    }

    public NumericReference numeric(int index) {
        return numeric.get(index);
    }

    public CategoricalReference categorical(int index) {
        return categorical.get(index);
    }

    /** Index of a numeric feature, or -1. */
    public int numericIndex(String name) {
        Integer i = numericIndex.get(name);
        return i == null ? -1 : i;
    }

    /** Index of a categorical feature, or -1. */
    public int categoricalIndex(String name) {
        Integer i = categoricalIndex.get(name);
        return i == null ? -1 : i;
    }

    /**
     * A feature's slot, numeric and categorical in one int: its numeric index (>= 0), {@code -2 - index} for a
     * categorical one, {@link Integer#MIN_VALUE} for a feature not in the snapshot (the encoding the per-record
     * passes keep in their {@link io.modelwatch.io.FeatureSlots}).
     */
    public int featureSlot(String name) {
        int i = numericIndex(name);
        if (i >= 0) return i;
        i = categoricalIndex(name);
        return i >= 0 ? -2 - i : Integer.MIN_VALUE;
    }
}
