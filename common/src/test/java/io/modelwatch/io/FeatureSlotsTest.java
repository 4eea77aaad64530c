package io.modelwatch.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FeatureSlots} against the lookup itself: records from the parser (one reused record, interned names)
 * whose features come in the same order, in another order, with fewer, more and unknown ones; every position's
 * slot must be the lookup's, and the lookup must run only where a position's name changed.
 */
class FeatureSlotsTest {
    private static final Map<String, Integer> INDEX = Map.of("a", 0, "b", 1, "c", 2, "d", 3);

    @Test
    void everySlotIsTheLookupsWhateverTheOrderAndTheLookupRunsOnlyOnAChange() {
        List<String> asked = new ArrayList<>();
        FeatureSlots slots = new FeatureSlots(name -> {
            asked.add(name);
            return INDEX.getOrDefault(name, -1);
        });
        PredictionParser parser = new PredictionParser();
        String[] lines = {
            "{\"a\":1,\"b\":2,\"c\":3}",
            "{\"a\":1,\"b\":2,\"c\":3}",
            "{\"c\":1,\"a\":2,\"b\":3}",
            "{\"c\":1,\"a\":2}",
            "{\"c\":1,\"a\":2,\"zz\":5,\"d\":4,\"b\":0}",
            "{\"a\":1,\"b\":2,\"c\":3}",
        };
        int[] lookups = {3, 0, 3, 0, 3, 3};
        for (int i = 0; i < lines.length; i++) {
            String line = "{\"ts\":1764000000000,\"model\":\"m\",\"features\":" + lines[i] + "}";
            assertThat(parser.parse(line.getBytes(StandardCharsets.UTF_8))).as(line).isNull();
            PredictionRecord r = parser.record();
            asked.clear();
            for (int k = 0; k < r.featureCount; k++) {
                assertThat(slots.slot(r, k)).as("%s position %d", line, k)
                        .isEqualTo(INDEX.getOrDefault(r.featureNames[k], -1));
            }
            assertThat(asked).as("lookups for %s", line).hasSize(lookups[i]);
        }
    }
}
