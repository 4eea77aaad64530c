package io.modelwatch.slo;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One service level objective of an SLO file (contract 3f): which models, the objective in percent of good
 * events, what a good event is, and the error-budget period.
 */
final class Slo implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final long DEFAULT_PERIOD_MILLIS = 30L * 86_400_000L;

    private final String name;
    private final List<String> models;
    private final double objective;
    private final GoodRule good;
    private final long periodMillis;
    private final Pattern[] globs;

    public Slo(String name, List<String> models, double objective, GoodRule good, long periodMillis) {
        this.name = Objects.requireNonNull(name, "name");
        this.models = List.copyOf(models);
        if (!(objective > 0 && objective < 100)) throw new IllegalArgumentException("objective must be in (0, 100): " + objective);
        this.objective = objective;
        this.good = Objects.requireNonNull(good, "good");
        if (periodMillis < 60_000 || periodMillis % 60_000 != 0) {
            throw new IllegalArgumentException("period must be a whole number of minutes: " + periodMillis);
        }
        this.periodMillis = periodMillis;
        this.globs = this.models.stream().map(Slo::glob).toArray(Pattern[]::new);
    }

    /** A shell glob ({@code *}, {@code ?}) as a whole-name pattern. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    public boolean appliesTo(String model) {
        for (Pattern g : globs) if (g.matcher(model).matches()) return true;
        return false;
    }

    public String name() { return name; }
    public List<String> models() { return models; }
    public double objective() { return objective; }
    public GoodRule good() { return good; }
    public long periodMillis() { return periodMillis; }

    /** The share of events that may be bad: 1 - objective / 100 (contract 3f's formula, as written). */
    public double allowedErrorRatio() {
        return 1 - objective / 100;
    }

    @Override
    public String toString() {
        return name + ": " + objective + " % of " + models + " where " + good + " over " + periodMillis / 86_400_000.0 + "d";
    }
}
