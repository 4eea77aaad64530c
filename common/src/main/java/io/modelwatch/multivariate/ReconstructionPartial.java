package io.modelwatch.multivariate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The multivariate state of one model's window (contract 3d), shaped as the drift partial: private state,
 * {@link #update}, {@link #merge}, {@link #toBytes}/{@link #fromBytes}. Three numbers: records, the sum of
 * their reconstruction errors (Kahan-compensated, so the mean of millions of errors keeps its digits
 * whatever the merge order) and the multivariate outliers among them. Not thread-safe.
 */
public final class ReconstructionPartial {
    private static final int FORMAT = 1;

    private final String model;
    private long windowStart, windowEnd;
    /** The version of the reference the errors were computed against (the stream's panes never mix two). */
    private long version;
    /** The reference's: what the window's point reports beside its mean error (constant per snapshot). */
    private final int components;
    private final double threshold;
    private long records, outliers;
    private double sum, compensation;

    public ReconstructionPartial(String model, long windowStart, long windowEnd) {
        this(model, windowStart, windowEnd, 0, Double.NaN);
    }

    public ReconstructionPartial(String model, long windowStart, long windowEnd, int components, double threshold) {
        this.model = model;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.components = components;
        this.threshold = threshold;
    }

    /** A window's partial against a model's reconstruction. */
    public static ReconstructionPartial forWindow(String model, long windowStart, long windowEnd, ReconstructionModel m) {
        return new ReconstructionPartial(model, windowStart, windowEnd, m.components(), m.threshold());
    }

    /** As above, against the reference of the given version (the stream's snapshot library counts them). */
    public static ReconstructionPartial forWindow(String model, long windowStart, long windowEnd, ReconstructionModel m,
                                                  long version) {
        ReconstructionPartial p = forWindow(model, windowStart, windowEnd, m);
        p.version = version;
        return p;
    }

    public long version() {
        return version;
    }

    /** The stream's panes become a sliding window's partial: the same figures under the window's bounds. */
    public ReconstructionPartial relabel(long windowStart, long windowEnd) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        return this;
    }

    public int components() {
        return components;
    }

    /** The reference chunk mean error + 3 std; NaN where the reference had too few chunks. */
    public double threshold() {
        return threshold;
    }

    /** Whether the window's mean error is above the threshold; false without a threshold or records. */
    public boolean drifted() {
        return records > 0 && meanError() > threshold;
    }

    public ReconstructionPartial copy() {
        return fromBytes(toBytes());
    }

    /** Folds one record's error in. */
    public void update(double error, boolean outlier) {
        records++;
        if (outlier) outliers++;
        add(error);
    }

    private void add(double x) {
        double y = x - compensation;
        double t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
    }

    /** Adds another partial of the same model (the same window, or a pane of the window this one becomes). */
    public ReconstructionPartial merge(ReconstructionPartial o) {
        if (!o.model.equals(model)) {
            throw new IllegalArgumentException("partials of " + model + "@" + windowStart + " and " + o.model + "@"
                    + o.windowStart + " do not merge");
        }
        records += o.records;
        outliers += o.outliers;
        add(o.sum);
        add(-o.compensation);
        return this;
    }

    public String model() {
        return model;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public long records() {
        return records;
    }

    public long outliers() {
        return outliers;
    }

    /** The mean reconstruction error of the window's records; NaN without records. */
    public double meanError() {
        return records == 0 ? Double.NaN : sum / records;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + model.length());
            DataOutputStream out = new DataOutputStream(bytes);
            writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ReconstructionPartial fromBytes(byte[] b) {
        try {
            return readFrom(new DataInputStream(new ByteArrayInputStream(b)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes, streamed (a Flink serializer writes them straight to its view). */
    public void writeTo(java.io.DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeUTF(model);
        out.writeLong(windowStart);
        out.writeLong(windowEnd);
        out.writeLong(version);
        out.writeInt(components);
        out.writeDouble(threshold);
        out.writeLong(records);
        out.writeLong(outliers);
        out.writeDouble(sum);
        out.writeDouble(compensation);
    }

    public static ReconstructionPartial readFrom(java.io.DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) throw new IOException("reconstruction partial of format " + format + ", not " + FORMAT);
        String model = in.readUTF();
        long start = in.readLong(), end = in.readLong(), version = in.readLong();
        ReconstructionPartial p = new ReconstructionPartial(model, start, end, in.readInt(), in.readDouble());
        p.version = version;
        p.records = in.readLong();
        p.outliers = in.readLong();
        p.sum = in.readDouble();
        p.compensation = in.readDouble();
        return p;
    }
}
