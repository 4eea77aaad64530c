package io.modelwatch.multivariate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedding feature of one model's window on its way to its {@code feature_drift} point (kind
 * {@code embedding}, contract 3d): the window's {@link EmbeddingPartial}, its record count (missing =
 * records - count - invalid) and the reference it is compared with (centroid and spread travel along, dim
 * doubles, so the merge step needs no snapshot). Partials of the same model, feature and window merge by
 * adding. Not thread-safe.
 */
public final class EmbeddingWindow {
    /** 2: with the reference's calibrated thresholds; 1 (state of older releases) is still read, without them. */
    private static final int FORMAT = 2;

    private final String model;
    private long windowStart, windowEnd;
    /** The version of the reference (the stream's panes never mix two). */
    private long version;
    private final EmbeddingReference reference;
    private final EmbeddingPartial partial;
    private long records;

    public EmbeddingWindow(String model, long windowStart, long windowEnd, EmbeddingReference reference) {
        this(model, windowStart, windowEnd, reference, new EmbeddingPartial(reference.dim));
    }

    private EmbeddingWindow(String model, long windowStart, long windowEnd, EmbeddingReference reference,
                            EmbeddingPartial partial) {
        this.model = model;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.reference = reference;
        this.partial = partial;
    }

    /** This window against the reference of the given version. */
    public EmbeddingWindow withVersion(long version) {
        this.version = version;
        return this;
    }

    public long version() {
        return version;
    }

    /** The stream's panes become a sliding window's: the same state under the window's bounds. */
    public EmbeddingWindow relabel(long windowStart, long windowEnd) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        return this;
    }

    /** One record of the window; {@code length < 0}: it holds no array of numbers under the feature. */
    public void update(double[] values, int offset, int length, boolean present) {
        records++;
        if (length >= 0) partial.update(values, offset, length);
        else if (present) partial.invalid();
    }

    public EmbeddingWindow merge(EmbeddingWindow o) {
        if (!o.model.equals(model) || !o.reference.name.equals(reference.name)) {
            throw new IllegalArgumentException("embedding windows " + key() + " and " + o.key() + " do not merge");
        }
        records += o.records;
        partial.merge(o.partial);
        return this;
    }

    /** The backfill's merge key: model, feature and window. */
    public String key() {
        return featureKey() + '\u0000' + windowStart;
    }

    /** The stream's key: model and feature (the panes of every window of it). */
    public String featureKey() {
        return model + '\u0000' + reference.name;
    }

    public String model() {
        return model;
    }

    public String feature() {
        return reference.name;
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

    public long count() {
        return partial.count();
    }

    public long invalid() {
        return partial.invalidCount();
    }

    public long missing() {
        return Math.max(0, records - partial.count() - partial.invalidCount());
    }

    public int dim() {
        return reference.dim;
    }

    public double centroidDistance() {
        return partial.centroidDistance(reference);
    }

    public double centroidCosine() {
        return partial.centroidCosine(reference);
    }

    /** drift_alert_by of the window (contract 2b): "" none above its threshold; null: the reference has none. */
    public String alertBy() {
        return reference.alertBy(centroidDistance(), centroidCosine());
    }

    public EmbeddingWindow copy() {
        return fromBytes(toBytes());
    }

    public void writeTo(java.io.DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeUTF(model);
        out.writeLong(windowStart);
        out.writeLong(windowEnd);
        out.writeLong(records);
        out.writeLong(version);
        out.writeUTF(reference.name);
        out.writeInt(reference.dim);
        out.writeDouble(reference.spread);
        for (int i = 0; i < reference.dim; i++) out.writeDouble(reference.centroid(i));
        out.writeDouble(reference.distanceThreshold);
        out.writeDouble(reference.cosineThreshold);
        out.writeInt(reference.chunks);
        byte[] b = partial.toBytes();
        out.writeInt(b.length);
        out.write(b);
    }

    public static EmbeddingWindow readFrom(java.io.DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT && format != 1) throw new IOException("embedding window of format " + format + ", not " + FORMAT);
        String model = in.readUTF();
        long start = in.readLong(), end = in.readLong(), records = in.readLong(), version = in.readLong();
        String name = in.readUTF();
        int dim = in.readInt();
        double spread = in.readDouble();
        double[] c = new double[dim];
        for (int i = 0; i < dim; i++) c[i] = in.readDouble();
        double distanceThreshold = Double.NaN, cosineThreshold = Double.NaN;
        int chunks = 0;
        if (format >= 2) {
            distanceThreshold = in.readDouble();
            cosineThreshold = in.readDouble();
            chunks = in.readInt();
        }
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        EmbeddingWindow w = new EmbeddingWindow(model, start, end, new EmbeddingReference(name, dim, 0, 0, 0, c, spread,
                false, distanceThreshold, cosineThreshold, chunks), EmbeddingPartial.fromBytes(b));
        w.records = records;
        w.version = version;
        return w;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EmbeddingWindow fromBytes(byte[] b) {
        try {
            return readFrom(new DataInputStream(new ByteArrayInputStream(b)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
