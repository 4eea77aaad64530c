package io.modelwatch.segment;

import io.modelwatch.influx.Point;

/**
 * Segments inside the pipeline (contract 2b): a segmented record's window, partial and keyed state belong to the
 * <em>series</em> {@code MODEL + U+001F + SEGMENT}, so every key that was the model (window state, shard partials,
 * scoring) becomes model + segment with no second key field, and more slots still spread the series. A series
 * without the separator is a model's whole traffic. Points split the series back into the {@code model} and
 * {@code segment} tags ({@link #tagModel}). A model name that itself holds U+001F would be split there; the
 * control character is not expected in a model name.
 */
public final class Segments {
    /** The segment of the records whose value is past the cap, missing, or not a string or boolean. */
    public static final String OTHER = "__other";
    /** Default of {@code --max-segments}. */
    public static final int DEFAULT_MAX = 20;
    static final char SEP = '\u001F';

    private Segments() {}

    /** The series of a model's segment ({@code segment} null: the model's whole traffic). */
    public static String series(String model, String segment) {
        return segment == null ? model : model + SEP + segment;
    }

    /** The model of a series. */
    public static String model(String series) {
        int i = series.indexOf(SEP);
        return i < 0 ? series : series.substring(0, i);
    }

    /** The segment of a series, or null for a model's whole traffic. */
    public static String segment(String series) {
        int i = series.indexOf(SEP);
        return i < 0 ? null : series.substring(i + 1);
    }

    /** Writes the series as the {@code model} tag and, for a segment, the {@code segment} tag. */
    public static Point.Builder tagModel(Point.Builder b, String series) {
        int i = series.indexOf(SEP);
        if (i < 0) return b.tag("model", series);
        return b.tag("model", series.substring(0, i)).tag("segment", series.substring(i + 1));
    }
}
