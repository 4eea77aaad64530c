package io.modelwatch.drift;

import java.io.Serializable;

/** The drift options shared by backfill and stream: {@code --ks}, {@code --alpha}, {@code --min-count}. */
public final class DriftSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final boolean exactKs;
    public final double alpha;
    public final long minCount;

    public DriftSettings(boolean exactKs, double alpha, long minCount) {
        this.exactKs = exactKs;
        this.alpha = alpha;
        this.minCount = minCount;
    }

    public static DriftSettings defaults() {
        return new DriftSettings(false, 0.05, 30);
    }
}
