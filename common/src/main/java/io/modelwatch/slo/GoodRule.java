package io.modelwatch.slo;

import io.modelwatch.io.PredictionRecord;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a record a good event of an SLO (contract 3f): {@code FIELD OP NUMBER} on a numeric serving field
 * ({@code latency_ms <= 500}) or {@code status in (ok, fallback)}. A record without the field, or with a value
 * out of the field's domain (a negative latency, contract 1), is not counted at all: it is neither good nor bad.
 */
final class GoodRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link #classify} results. */
    public static final byte GOOD = 0, BAD = 1, NOT_COUNTED = 2;

    /** The numeric fields a rule may compare, in the record's names. */
    public static final String[] FIELDS = {"latency_ms", "ttft_ms", "confidence", "retries", "input_length", "output_length"};
    public static final String[] STATUSES = {"ok", "error", "timeout", "fallback"};

    private static final Pattern COMPARISON = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*");
    private static final Pattern STATUS_IN = Pattern.compile("\\s*status\\s+in\\s*\\(([^)]*)\\)\\s*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** Index into {@link #FIELDS}, or -1 for a status rule. */
    private final int field;
    private final String op;
    private final double number;
    /** Status rule: bit s set when status s (PredictionRecord.STATUS_*) is good. */
    private final int goodStatuses;
    private final String text;

    private GoodRule(int field, String op, double number, int goodStatuses, String text) {
        this.field = field;
        this.op = op;
        this.number = number;
        this.goodStatuses = goodStatuses;
        this.text = text;
    }

    /** Parses a rule; a rule that cannot be read throws {@link IllegalArgumentException} with the reason. */
    public static GoodRule parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher in = STATUS_IN.matcher(t);
        if (in.matches()) {
            int mask = 0;
            for (String s : in.group(1).split(",")) {
                String status = s.strip().toLowerCase(Locale.ROOT);
                int i = indexOf(STATUSES, status);
                if (i < 0) {
                    throw new IllegalArgumentException("unknown status '" + s.strip() + "' (known: ok, error, timeout, fallback)");
                }
                mask |= 1 << i;
            }
            return new GoodRule(-1, null, Double.NaN, mask, t);
        }
        Matcher m = COMPARISON.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read good rule '" + t + "': write FIELD OP NUMBER (latency_ms <= 500)"
                    + " or status in (ok, fallback)");
        }
        int field = indexOf(FIELDS, m.group(1));
        if (field < 0) {
            throw new IllegalArgumentException("unknown field '" + m.group(1) + "' (known: " + String.join(", ", FIELDS) + ")");
        }
        if (!NUMBER.matcher(m.group(3)).matches()) {
            throw new IllegalArgumentException("'" + m.group(3) + "' is not a number");
        }
        return new GoodRule(field, m.group(2), Double.parseDouble(m.group(3)), 0, t);
    }

    /** {@link #GOOD}, {@link #BAD} or {@link #NOT_COUNTED}. */
    public byte classify(PredictionRecord r) {
        if (field < 0) return (goodStatuses & (1 << r.status)) != 0 ? GOOD : BAD;
        double v = value(r);
        if (Double.isNaN(v) || v < 0 || field == 2 && v > 1) return NOT_COUNTED;
        return holds(v) ? GOOD : BAD;
    }

    private double value(PredictionRecord r) {
        switch (field) {
            case 0: return r.latencyMs;
            case 1: return r.ttftMs;
            case 2: return r.confidence;
            case 3: return r.retries;
            case 4: return r.inputLength < 0 ? Double.NaN : r.inputLength;
            default: return r.outputLength < 0 ? Double.NaN : r.outputLength;
        }
    }

    private boolean holds(double v) {
        switch (op) {
            case "<=": return v <= number;
            case "<": return v < number;
            case ">=": return v >= number;
            case ">": return v > number;
            case "==": return v == number;
            default: return v != number;
        }
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        return -1;
    }

    @Override
    public String toString() {
        return text;
    }
}
