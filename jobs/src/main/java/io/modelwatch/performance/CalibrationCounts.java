package io.modelwatch.performance;

/**
 * A model's calibration counts on their way to the snapshot: per score bin, labelled predictions and those
 * with label 1; {@code binary} turns false at the first pair that is not (label 0/1, score in [0, 1]).
 * A Flink POJO.
 */
public final class CalibrationCounts {
    public String model;
    public boolean binary = true;
    public long[] counts = new long[CalibrationMap.BINS];
    public long[] positives = new long[CalibrationMap.BINS];

    public CalibrationCounts() {}

    static CalibrationCounts of(PerformanceEvent e, Task forced) {
        CalibrationCounts c = new CalibrationCounts();
        c.model = e.model;
        double y = e.labelKind == io.modelwatch.io.PredictionRecord.STRING
                ? ("1".equals(e.labelString) || "true".equals(e.labelString) ? 1
                        : "0".equals(e.labelString) || "false".equals(e.labelString) ? 0 : Double.NaN)
                : e.labelNumber;
        if (forced != null && forced != Task.BINARY) {
            c.binary = false;
        } else if (e.labelKind == io.modelwatch.io.PredictionRecord.NULL) {
            return c; // outcomes only: nothing to learn, nothing against
        } else if ((y == 0 || y == 1) && e.predictionNumber >= 0 && e.predictionNumber <= 1
                && (forced != null || e.labelKind != io.modelwatch.io.PredictionRecord.STRING)) {
            int b = CalibrationMap.bin(e.predictionNumber);
            c.counts[b]++;
            if (y == 1) c.positives[b]++;
        } else if (forced == null) {
            c.binary = false;
        }
        return c;
    }

    static CalibrationCounts merge(CalibrationCounts a, CalibrationCounts b) {
        CalibrationCounts c = new CalibrationCounts();
        c.model = a.model;
        c.binary = a.binary && b.binary;
        for (int i = 0; i < CalibrationMap.BINS; i++) {
            c.counts[i] = a.counts[i] + b.counts[i];
            c.positives[i] = a.positives[i] + b.positives[i];
        }
        return c;
    }

    CalibrationMap map() {
        return new CalibrationMap(counts, positives);
    }
}
