package io.modelwatch.alerts;

/** The operators an alert expression may use: {@code MEASUREMENT.FIELD OP NUMBER}. */
enum Comparison {
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether {@code value OP threshold} holds; NaN never meets a condition (as in PromQL). */
    public boolean holds(double value, double threshold) {
        if (Double.isNaN(value)) return false;
        switch (this) {
            case GREATER: return value > threshold;
            case GREATER_OR_EQUAL: return value >= threshold;
            case LESS: return value < threshold;
            case LESS_OR_EQUAL: return value <= threshold;
            case EQUAL: return value == threshold;
            case NOT_EQUAL: return value != threshold;
            default: throw new IllegalStateException(name());
        }
    }

    /** The operator written as {@code symbol}, or null when it is not one. */
    public static Comparison ofSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) return c;
        }
        return null;
    }
}
