package io.modelwatch.influx;

import java.util.Arrays;
import java.util.Objects;

/**
 * One InfluxDB point: measurement, tags, typed fields and a timestamp in nanoseconds.
 *
 * <p>Stored as parallel arrays rather than maps so Flink serializes it as a POJO (no Kryo) and so two
 * points built the same way are equal. Tags are kept sorted by key (InfluxDB's preferred order); fields
 * keep the order they were added in. Build one with {@link #builder(String)}.
 */
public final class Point {

    /** Field kinds, as line protocol types them. */
    public static final byte FLOAT = 0, INTEGER = 1, BOOLEAN = 2, STRING = 3;

    // Public non-final fields with a public no-arg constructor: Flink's PojoSerializer handles the type.
    public String measurement;
    public String[] tagKeys;
    public String[] tagValues;
    public String[] fieldKeys;
    public byte[] fieldKinds;
    /** FLOAT: Double.doubleToRawLongBits; INTEGER: the value; BOOLEAN: 0/1; STRING: unused. */
    public long[] fieldBits;
    /** STRING fields only; null elsewhere. */
    public String[] fieldStrings;
    public long timestampNanos;

    public Point() {}

    public static Builder builder(String measurement) {
        return new Builder(measurement);
    }

    public String tag(String key) {
        for (int i = 0; i < tagKeys.length; i++) {
            if (tagKeys[i].equals(key)) return tagValues[i];
        }
        return null;
    }

    public int fieldIndex(String key) {
        for (int i = 0; i < fieldKeys.length; i++) {
            if (fieldKeys[i].equals(key)) return i;
        }
        return -1;
    }

    public boolean hasField(String key) {
        return fieldIndex(key) >= 0;
    }

    /** The field as a double (integers and booleans converted), NaN when the point lacks it or it is a string. */
    public double number(String key) {
        int i = fieldIndex(key);
        if (i < 0) return Double.NaN;
        switch (fieldKinds[i]) {
            case FLOAT: return Double.longBitsToDouble(fieldBits[i]);
            case INTEGER:
            case BOOLEAN: return fieldBits[i];
            default: return Double.NaN;
        }
    }

    public String string(String key) {
        int i = fieldIndex(key);
        return i < 0 ? null : fieldStrings[i];
    }

    /** Measurement plus sorted tags: the identity of the series this point belongs to. */
    public String seriesKey() {
        StringBuilder sb = new StringBuilder(measurement);
        for (int i = 0; i < tagKeys.length; i++) {
            sb.append(',').append(tagKeys[i]).append('=').append(tagValues[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Point)) return false;
        Point p = (Point) o;
        return timestampNanos == p.timestampNanos
                && Objects.equals(measurement, p.measurement)
                && Arrays.equals(tagKeys, p.tagKeys)
                && Arrays.equals(tagValues, p.tagValues)
                && Arrays.equals(fieldKeys, p.fieldKeys)
                && Arrays.equals(fieldKinds, p.fieldKinds)
                && Arrays.equals(fieldBits, p.fieldBits)
                && Arrays.equals(fieldStrings, p.fieldStrings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(measurement, Arrays.hashCode(tagValues), timestampNanos);
    }

    @Override
    public String toString() {
        return LineProtocol.format(this);
    }

    /** Collects tags and fields; non-finite floats and null/empty-valued tags are left out, as the contract says. */
    public static final class Builder {
        private final String measurement;
        private final java.util.TreeMap<String, String> tags = new java.util.TreeMap<>();
        private final java.util.ArrayList<String> keys = new java.util.ArrayList<>();
        private final java.util.ArrayList<Byte> kinds = new java.util.ArrayList<>();
        private final java.util.ArrayList<Long> bits = new java.util.ArrayList<>();
        private final java.util.ArrayList<String> strings = new java.util.ArrayList<>();
        private long timestampNanos;

        private Builder(String measurement) {
            this.measurement = Objects.requireNonNull(measurement, "measurement");
        }

        /** An empty or null tag value is left out (InfluxDB has no empty tag values). */
        public Builder tag(String key, String value) {
            if (value != null && !value.isEmpty()) tags.put(key, value);
            return this;
        }

        /** A NaN or infinite value is left out: line protocol cannot carry it. */
        public Builder field(String key, double value) {
            if (Double.isFinite(value)) add(key, FLOAT, Double.doubleToRawLongBits(value), null);
            return this;
        }

        public Builder intField(String key, long value) {
            return add(key, INTEGER, value, null);
        }

        public Builder field(String key, boolean value) {
            return add(key, BOOLEAN, value ? 1 : 0, null);
        }

        public Builder field(String key, String value) {
            if (value != null) add(key, STRING, 0, value);
            return this;
        }

        public Builder timeNanos(long nanos) {
            this.timestampNanos = nanos;
            return this;
        }

        public Builder timeMillis(long millis) {
            return timeNanos(Math.multiplyExact(millis, 1_000_000L));
        }

        private Builder add(String key, byte kind, long bit, String string) {
            int existing = keys.indexOf(key);
            if (existing >= 0) {
                kinds.set(existing, kind);
                bits.set(existing, bit);
                strings.set(existing, string);
            } else {
                keys.add(key);
                kinds.add(kind);
                bits.add(bit);
                strings.add(string);
            }
            return this;
        }

        public boolean hasFields() {
            return !keys.isEmpty();
        }

        public Point build() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("a point needs at least one field: " + measurement);
            }
            Point p = new Point();
            p.measurement = measurement;
            p.tagKeys = tags.keySet().toArray(new String[0]);
            p.tagValues = tags.values().toArray(new String[0]);
            p.fieldKeys = keys.toArray(new String[0]);
            p.fieldKinds = new byte[keys.size()];
            p.fieldBits = new long[keys.size()];
            p.fieldStrings = new String[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                p.fieldKinds[i] = kinds.get(i);
                p.fieldBits[i] = bits.get(i);
                p.fieldStrings[i] = strings.get(i);
            }
            p.timestampNanos = timestampNanos;
            return p;
        }
    }
}
