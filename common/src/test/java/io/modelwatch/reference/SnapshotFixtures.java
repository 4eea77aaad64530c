package io.modelwatch.reference;

import java.time.Instant;
import java.util.List;

/** Small snapshots built the same way every time, for round trips and the committed v1 file. */
final class SnapshotFixtures {
    private SnapshotFixtures() {}

    static final double[] TIED = {0, 1, 1, 1, 2, 2, 3, 5, 5, 5, 5, 8, 13, 13, 21, 34.5, 55.25, 89, 89, 144};

    /** What {@code src/test/resources/reference/v1-snapshot.json} holds. */
    static Snapshot v1() {
        NumericReference tied = ReferenceStatistics.numeric("num_tied", TIED, 3, 1, 10, 8);
        double[] spread = new double[50];
        for (int i = 0; i < spread.length; i++) spread[i] = -2.5 + i * 0.1 + (i % 7) * 1e-3;
        NumericReference wide = ReferenceStatistics.numeric("num_spread", spread, 0, 0, 10, 100);
        NumericReference empty = ReferenceStatistics.numeric("num_empty", new double[0], 20, 0, 10, 8);
        CategoricalReference cat = new CategoricalReference("cat_00", 17, 2, 1,
                new String[] {"alpha", "beta", "with space, \"quote\""}, new long[] {10, 5, 2});
        CategoricalReference flag = new CategoricalReference("flag_01", 20, 0, 0,
                new String[] {"false", "true"}, new long[] {14, 6});
        return new Snapshot("model-a", Instant.parse("2026-11-24T00:00:00Z").toEpochMilli(),
                Instant.parse("2026-11-25T00:00:00Z").toEpochMilli(), 70, 10, 8,
                List.of(wide, tied, empty), List.of(flag, cat));
    }

    /** What {@code src/test/resources/reference/v3-snapshot.json} holds: v1's features, dated, a segment, thresholds. */
    static Snapshot v3() {
        java.util.Map<String, DriftThresholds.Feature> f = new java.util.TreeMap<>();
        f.put("num_spread", new DriftThresholds.Feature("num_spread", false, 24, new double[] {0.01, 0.02, 0.03, 0.04, 0.05},
                new double[] {0.001, 0.002, 0.003, Double.NaN, 0.005}, new double[] {0.013, 0.026, 0.039, Double.NaN, 0.065}));
        f.put("flag_01", new DriftThresholds.Feature("flag_01", true, 5, new double[] {0.5, 0.25},
                new double[] {0.125, 0.0625}, new double[] {0.875, 0.4375}));
        return v1().withValidFrom(Instant.parse("2026-11-25T06:00:00.250Z").toEpochMilli())
                .withSegment("model_version", "v2")
                .withThresholds(new DriftThresholds(3_600_000L, 30, f));
    }
}
