package io.modelwatch.drift;

/**
 * Mergeable count / mean / population std / min / max accumulator (CONTRACT.md section 3: std is ddof = 0),
 * plus the contract's mean_shift and std_shift.
 *
 * <p>Sums are kept of {@code v - shift}; with the shift near the data's mean (the reference mean, or by
 * default the first value added) the one-pass variance keeps full precision even for values around 1e6
 * with spread 1. Accumulators with different shifts merge exactly (the sums are re-centred).
 * Not thread-safe.
 */
public final class Moments {

    private long count;
    private double shift;
    private double sum;
    private double sumSq;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    private Moments(double shift) {
        this.shift = shift;
    }

    /** An empty accumulator that shifts by the first value it sees. */
    public static Moments create() {
        return new Moments(Double.NaN);
    }

    /** An empty accumulator shifting by {@code shift} (use the reference mean). NaN: the first value. */
    public static Moments shiftedBy(double shift) {
        if (Double.isInfinite(shift)) {
            throw new IllegalArgumentException("shift must be finite: " + shift);
        }
        return new Moments(shift);
    }

    /** Adds one value; NaN and infinite values are the caller's "missing" and are rejected. */
    public Moments add(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite value: " + v);
        }
        if (Double.isNaN(shift)) {
            shift = v;
        }
        double d = v - shift;
        count++;
        sum += d;
        sumSq += d * d;
        min = Math.min(min, v);
        max = Math.max(max, v);
        return this;
    }

    /** Adds every value of {@code values} (see {@link #add}). */
    public Moments addAll(double[] values) {
        for (double v : values) {
            add(v);
        }
        return this;
    }

    /**
     * Adds {@code n} values given as their sums of {@code v - shift()} and of its square, their min and max: the
     * hot path sums a batch in locals and folds it in once (DriftPartial's pending values).
     */
    void addShiftedSums(long n, double shiftedSum, double shiftedSumSq, double batchMin, double batchMax) {
        count += n;
        sum += shiftedSum;
        sumSq += shiftedSumSq;
        if (batchMin < min) min = batchMin;
        if (batchMax > max) max = batchMax;
    }

    /**
     * Adds everything {@code other} has seen into this accumulator; {@code other} is unchanged. A side whose shift
     * is NaN while it holds values (read from v1 drift partials, which did not record the shift: it was the
     * reference mean of both sides) is taken to share the other side's shift.
     */
    public Moments merge(Moments other) {
        if (other.count == 0) {
            return this;
        }
        double otherShift = other.shift;
        if (Double.isNaN(shift)) {
            shift = otherShift;
        } else if (Double.isNaN(otherShift)) {
            otherShift = shift;
        }
        // other's values relative to our shift: d + delta (both unrecorded: the same shift, delta 0)
        double delta = Double.isNaN(otherShift) ? 0 : otherShift - shift;
        double otherSum = other.sum + other.count * delta;
        double otherSumSq = other.sumSq + 2 * delta * other.sum + other.count * delta * delta;
        count += other.count;
        sum += otherSum;
        sumSq += otherSumSq;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        return this;
    }

    /**
     * An accumulator from its parts, as {@link #shift()}, {@link #shiftedSum()} and {@link #shiftedSumSq()} give
     * them: how serialized state comes back. A NaN shift with values means "sums around a shift not recorded".
     */
    static Moments fromParts(long count, double shift, double shiftedSum, double shiftedSumSq, double min, double max) {
        Moments m = new Moments(shift);
        m.count = count;
        m.sum = shiftedSum;
        m.sumSq = shiftedSumSq;
        m.min = min;
        m.max = max;
        return m;
    }

    /** This accumulator with {@code shift} as the shift its sums were taken around, where none was recorded. */
    Moments withShiftIfUnknown(double shift) {
        if (!Double.isNaN(this.shift) || count == 0) return this;
        return fromParts(count, shift, sum, sumSq, min, max);
    }

    Moments copy() {
        return fromParts(count, shift, sum, sumSq, min, max);
    }

    /** The value the sums are taken around; NaN before the first value (or when not recorded). */
    double shift() {
        return shift;
    }

    /** Sum of {@code v - shift()}. */
    double shiftedSum() {
        return sum;
    }

    /** Sum of {@code (v - shift())^2}. */
    double shiftedSumSq() {
        return sumSq;
    }

    /** Smallest value, +Infinity when empty (the identity of min, as the bytes keep it). */
    double rawMin() {
        return min;
    }

    /** Largest value, -Infinity when empty. */
    double rawMax() {
        return max;
    }

    public long count() {
        return count;
    }

    /** Mean, NaN when empty. */
    public double mean() {
        return count == 0 ? Double.NaN : shift + sum / count;
    }

    /** Population standard deviation (ddof = 0), NaN when empty. */
    public double std() {
        if (count == 0) {
            return Double.NaN;
        }
        double m = sum / count;
        return Math.sqrt(Math.max(0.0, sumSq / count - m * m));
    }

    /** Smallest value, NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** Largest value, NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /**
     * {@code |meanCur - meanRef| / stdRef}; where {@code stdRef == 0}: 0 if the means are equal, else
     * {@code +Infinity} (the caller then writes degenerate=true instead of the value). NaN in, NaN out.
     */
    public static double meanShift(double meanCur, double meanRef, double stdRef) {
        return relative(Math.abs(meanCur - meanRef), stdRef);
    }

    /** {@code |stdCur - stdRef| / stdRef}, with the same {@code stdRef == 0} rule as {@link #meanShift}. */
    public static double stdShift(double stdCur, double stdRef) {
        return relative(Math.abs(stdCur - stdRef), stdRef);
    }

    private static double relative(double diff, double stdRef) {
        if (Double.isNaN(diff) || Double.isNaN(stdRef)) {
            return Double.NaN;
        }
        if (stdRef == 0) {
            return diff == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return diff / stdRef;
    }

    @Override
    public String toString() {
        return "Moments{count=" + count + ", mean=" + mean() + ", std=" + std() + ", min=" + min()
                + ", max=" + max() + "}";
    }
}
