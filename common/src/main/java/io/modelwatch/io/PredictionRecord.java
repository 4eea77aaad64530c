package io.modelwatch.io;

/**
 * One parsed prediction log line (contract section 1), reused from line to line by its parser: the hot path
 * allocates no map and no per-number string. Feature names are the parser's canonical strings (the same
 * String instance each time a name occurs), so a {@code HashMap<String, Integer>} lookup hits its
 * identity fast path.
 */
public final class PredictionRecord {

    public static final byte STATUS_OK = 0, STATUS_ERROR = 1, STATUS_TIMEOUT = 2, STATUS_FALLBACK = 3;

    /** What a feature value was. */
    public static final byte NUMBER = 0, STRING = 1, BOOLEAN = 2, NULL = 3, OTHER = 4;

    public long tsMillis;
    public String model;
    public String modelVersion;
    public String requestId;
    public double latencyMs;
    public double ttftMs;
    public byte status;
    public int retries;
    public int inputLength;
    public int outputLength;
    /** Numeric prediction, or NaN. */
    public double predictionNumber;
    /** Categorical (string or boolean) prediction, or null. */
    public String predictionString;
    public double confidence;

    public int featureCount;
    public String[] featureNames = new String[16];
    public byte[] featureKinds = new byte[16];
    /** NUMBER: the value (may be NaN or infinite); BOOLEAN: 1 or 0. */
    public double[] featureNumbers = new double[16];
    /** STRING: the value; BOOLEAN: "true"/"false". */
    public String[] featureStrings = new String[16];
    /**
     * An array of numbers (an embedding, contract 3d; its kind is OTHER, so it is invalid wherever a number or
     * a category is expected): its elements are {@code arrayValues[featureArrayOffset[i], + featureArrayLength[i])};
     * -1 for any other value. The values of all a record's arrays share one reused buffer: no boxing.
     */
    public int[] featureArrayOffset = new int[16];
    public int[] featureArrayLength = new int[16];
    public double[] arrayValues = new double[64];
    public int arrayValueCount;

    void reset() {
        tsMillis = Long.MIN_VALUE;
        model = null;
        modelVersion = null;
        requestId = null;
        latencyMs = Double.NaN;
        ttftMs = Double.NaN;
        status = STATUS_OK;
        retries = 0;
        inputLength = -1;
        outputLength = -1;
        predictionNumber = Double.NaN;
        predictionString = null;
        confidence = Double.NaN;
        featureCount = 0;
        arrayValueCount = 0;
    }

    void addFeature(String name, byte kind, double number, String string) {
        if (featureCount == featureNames.length) {
            int n = featureCount * 2;
            featureNames = java.util.Arrays.copyOf(featureNames, n);
            featureKinds = java.util.Arrays.copyOf(featureKinds, n);
            featureNumbers = java.util.Arrays.copyOf(featureNumbers, n);
            featureStrings = java.util.Arrays.copyOf(featureStrings, n);
            featureArrayOffset = java.util.Arrays.copyOf(featureArrayOffset, n);
            featureArrayLength = java.util.Arrays.copyOf(featureArrayLength, n);
        }
        featureArrayLength[featureCount] = -1;
        featureNames[featureCount] = name;
        featureKinds[featureCount] = kind;
        featureNumbers[featureCount] = number;
        featureStrings[featureCount] = string;
        featureCount++;
    }

    /** Appends one element of the array being read (the parser's). */
    void addArrayValue(double v) {
        if (arrayValueCount == arrayValues.length) arrayValues = java.util.Arrays.copyOf(arrayValues, arrayValueCount * 2);
        arrayValues[arrayValueCount++] = v;
    }

    /** Marks the last feature added as the array of numbers {@code arrayValues[offset, arrayValueCount)}. */
    void markArray(int offset) {
        featureArrayOffset[featureCount - 1] = offset;
        featureArrayLength[featureCount - 1] = arrayValueCount - offset;
    }

    public static String statusName(byte status) {
        switch (status) {
            case STATUS_ERROR: return "error";
            case STATUS_TIMEOUT: return "timeout";
            case STATUS_FALLBACK: return "fallback";
            default: return "ok";
        }
    }
}
