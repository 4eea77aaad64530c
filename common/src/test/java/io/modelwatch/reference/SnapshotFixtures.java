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
}
