package io.modelwatch.sql;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

import java.util.Arrays;

/**
 * {@code nearest_rank(value, p)}: the nearest-rank percentile (the smallest value with at least p of the values at
 * or below it; p in (0, 1]), as the jobs define serving percentiles (contract section 3b). Exact: it keeps the
 * group's values, so use it on bounded windows (the jobs' HdrHistogram figures may differ by up to 1 %).
 */
@FunctionHint(accumulator = @DataTypeHint(value = "RAW", bridgedTo = NearestRankFunction.Values.class))
public final class NearestRankFunction extends AggregateFunction<Double, NearestRankFunction.Values> {
    private static final long serialVersionUID = 1L;

    /** The values of a group and the requested p. */
    public static final class Values {
        public double[] values = new double[16];
        public int n;
        public double p = Double.NaN;

        void add(double v) {
            if (n == values.length) values = Arrays.copyOf(values, n * 2);
            values[n++] = v;
        }
    }

    @Override
    public Values createAccumulator() {
        return new Values();
    }

    public void accumulate(Values acc, Double value, Double p) {
        if (p == null || !(p > 0 && p <= 1)) throw new IllegalArgumentException("nearest_rank: p must be in (0, 1], got " + p);
        acc.p = p;
        if (value != null && Double.isFinite(value)) acc.add(value);
    }

    public void merge(Values acc, Iterable<Values> others) {
        for (Values o : others) {
            for (int i = 0; i < o.n; i++) acc.add(o.values[i]);
            if (Double.isNaN(acc.p)) acc.p = o.p;
        }
    }

    @Override
    public Double getValue(Values acc) {
        if (acc.n == 0) return null;
        double[] sorted = Arrays.copyOf(acc.values, acc.n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(acc.p * acc.n - 1e-9);
        return sorted[Math.max(1, Math.min(acc.n, rank)) - 1];
    }
}
