package io.modelwatch.report;

import io.modelwatch.influx.Point;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numeric fields of one measurement of one unit, a row per point time (a later point of the same time
 * overwrites field by field, as InfluxDB does). Small: one row per window.
 */
final class SeriesTable {
    final LinkedHashMap<String, Integer> columns = new LinkedHashMap<>();
    final TreeMap<Long, double[]> rows = new TreeMap<>();
    /** String fields of the newest row (a performance point's task, a drift point's reference). */
    final Map<String, String> lastStrings = new HashMap<>();
    private long lastStringNanos = Long.MIN_VALUE;

    void add(Point p) {
        double[] row = rows.get(p.timestampNanos);
        for (int i = 0; i < p.fieldKeys.length; i++) {
            if (p.fieldKinds[i] == Point.STRING) continue;
            Integer c = columns.get(p.fieldKeys[i]);
            if (c == null) {
                c = columns.size();
                columns.put(p.fieldKeys[i], c);
            }
        }
        if (row == null || row.length < columns.size()) {
            double[] grown = new double[columns.size()];
            java.util.Arrays.fill(grown, Double.NaN);
            if (row != null) System.arraycopy(row, 0, grown, 0, row.length);
            row = grown;
            rows.put(p.timestampNanos, row);
        }
        for (int i = 0; i < p.fieldKeys.length; i++) {
            if (p.fieldKinds[i] == Point.STRING) {
                if (p.timestampNanos >= lastStringNanos) {
                    lastStringNanos = p.timestampNanos;
                    lastStrings.put(p.fieldKeys[i], p.fieldStrings[i]);
                }
                continue;
            }
            row[columns.get(p.fieldKeys[i])] = p.number(p.fieldKeys[i]);
        }
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The column's value in the row at {@code nanos}, NaN if none. */
    double value(long nanos, String column) {
        Integer c = columns.get(column);
        double[] row = rows.get(nanos);
        return c == null || row == null || c >= row.length ? Double.NaN : row[c];
    }

    List<String> columnNames() {
        return new ArrayList<>(columns.keySet());
    }
}
