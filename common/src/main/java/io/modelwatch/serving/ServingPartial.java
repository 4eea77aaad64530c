package io.modelwatch.serving;

/**
 * Serving and prediction-behaviour state of one model in one window (contract section 3b), as one subtask
 * saw it; mergeable. Percentiles come from HdrHistogram DoubleHistograms (3 significant digits, so at most
 * 0.1 % relative error), carried in their compressed byte form; means, std, min and max are exact.
 * A Flink POJO.
 */
public final class ServingPartial {
    public String model;
    public long windowStart;
    public long windowEnd;
    public long count, errors, timeouts, fallbacks, retried;
    public long latencyCount;
    public double latencySum, latencyMin = Double.POSITIVE_INFINITY, latencyMax = Double.NEGATIVE_INFINITY;
    public byte[] latencyHistogram;
    public byte[] ttftHistogram;
    public long confidenceCount;
    public double confidenceSum, confidenceSumSq;
    public byte[] confidenceHistogram;
    public long outputLengthCount, outputLengthSum;

    public ServingPartial() {}
}
