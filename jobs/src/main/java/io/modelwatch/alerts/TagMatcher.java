package io.modelwatch.alerts;

import io.modelwatch.influx.Point;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * One PromQL-style label matcher of a rule expression (contract 6): {@code tag="v"}, {@code tag!="v"},
 * {@code tag=~"re"}, {@code tag!~"re"}. As in PromQL, a regular expression is anchored at both ends
 * ({@code model=~"fr"} does not match {@code fraud}), and a series without the tag has it as the empty string
 * ({@code segment!="__other"} matches a series with no segment).
 */
final class TagMatcher implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), MATCHES("=~"), NOT_MATCHES("!~");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op ofSymbol(String s) {
            for (Op op : values()) if (op.symbol.equals(s)) return op;
            return null;
        }
    }

    private final String tag;
    private final Op op;
    private final String value;
    private final Pattern pattern;

    /** A matcher; a bad regular expression throws {@link java.util.regex.PatternSyntaxException}. */
    public TagMatcher(String tag, Op op, String value) {
        this.tag = tag;
        this.op = op;
        this.value = value;
        this.pattern = op == Op.MATCHES || op == Op.NOT_MATCHES ? Pattern.compile(value, Pattern.DOTALL) : null;
    }

    public boolean matches(Point point) {
        String v = point.tag(tag);
        if (v == null) v = "";
        switch (op) {
            case EQUAL: return v.equals(value);
            case NOT_EQUAL: return !v.equals(value);
            case MATCHES: return pattern.matcher(v).matches(); // matches(): the whole value, PromQL's anchoring
            default: return !pattern.matcher(v).matches();
        }
    }

    public String tag() { return tag; }

    @Override
    public String toString() {
        return tag + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
