package io.modelwatch.io;

import java.util.Arrays;

/**
 * One parsed label line (contract section 1b), reused from line to line by its {@link LabelParser}. The
 * label's kind uses {@link PredictionRecord}'s constants: NUMBER (value in {@link #labelNumber}), STRING
 * ({@link #labelString}), BOOLEAN (1/0 in labelNumber and "true"/"false" in labelString) or NULL (absent).
 */
public final class LabelRecord {
    public long tsMillis;
    public String model;
    public String requestId;
    public byte labelKind;
    public double labelNumber;
    public String labelString;

    public int outcomeCount;
    public String[] outcomeNames = new String[4];
    public double[] outcomeValues = new double[4];

    void reset() {
        tsMillis = Long.MIN_VALUE;
        model = null;
        requestId = null;
        labelKind = PredictionRecord.NULL;
        labelNumber = Double.NaN;
        labelString = null;
        outcomeCount = 0;
    }

    void addOutcome(String name, double value) {
        if (outcomeCount == outcomeNames.length) {
            outcomeNames = Arrays.copyOf(outcomeNames, outcomeCount * 2);
            outcomeValues = Arrays.copyOf(outcomeValues, outcomeCount * 2);
        }
        outcomeNames[outcomeCount] = name;
        outcomeValues[outcomeCount] = value;
        outcomeCount++;
    }
}
