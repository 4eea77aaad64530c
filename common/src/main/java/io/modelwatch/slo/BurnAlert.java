package io.modelwatch.slo;

/**
 * The four multi-window, multi-burn-rate alerts of contract 3f (Google's SRE workbook, chapter 5): an alert
 * fires while the burn rate over both its long and its short window is above its factor. The long window
 * says the budget is really going; the short one makes it resolve soon after the burning stops.
 */
enum BurnAlert {
    FAST("SLOBurnFast", "P0", SloRing.H1, SloRing.M5, 14.4),
    HIGH("SLOBurnHigh", "P1", SloRing.H6, SloRing.M30, 6),
    MEDIUM("SLOBurnMedium", "P2", SloRing.D1, SloRing.H2, 3),
    SLOW("SLOBurnSlow", "P3", SloRing.D3, SloRing.H6, 1);

    /**
     * Relative slack on the factor: an objective like 99.9 is not exact in binary, so a model exactly at its
     * objective computes a burn rate of 1 +- 1e-15; it must not fire a factor-1 alert on rounding.
     */
    static final double TOLERANCE = 1e-9;

    public final String rule;
    public final String severity;
    /** Indexes into {@link SloRing#WINDOW_TAGS}. */
    public final int longWindow, shortWindow;
    public final double factor;

    BurnAlert(String rule, String severity, int longWindow, int shortWindow, double factor) {
        this.rule = rule;
        this.severity = severity;
        this.longWindow = longWindow;
        this.shortWindow = shortWindow;
        this.factor = factor;
    }

    /** Whether a burn rate (NaN for a window with no events) is above this alert's factor. */
    public boolean exceeded(double burnRate) {
        return burnRate > factor * (1 + TOLERANCE);
    }
}
