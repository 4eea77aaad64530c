package io.modelwatch.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SegmentScanTest {

    /** Oracle: every value's earliest time over all records, sorted by (time, value), the first max. */
    static List<String> oracle(List<FirstSeen> records, int max) {
        Map<String, Long> first = new TreeMap<>();
        for (FirstSeen r : records) first.merge(r.value, r.ts, Math::min);
        return first.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(max).map(Map.Entry::getKey).toList();
    }

    @Test
    void subtasksKeepingTheirOwnFirstGiveTheGlobalFirstWhateverTheOrder() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int max = 1 + rnd.nextInt(5), values = 1 + rnd.nextInt(12), subtasks = 1 + rnd.nextInt(4);
            List<FirstSeen> records = new ArrayList<>();
            for (int i = 0; i < 300; i++) records.add(new FirstSeen("m", "v" + rnd.nextInt(values), rnd.nextInt(100)));
            Collections.shuffle(records, new java.util.Random(trial)); // files out of time order too
            List<FirstSeen> emitted = new ArrayList<>();
            for (int s = 0; s < subtasks; s++) {
                SegmentScan.Firsts f = new SegmentScan.Firsts(max);
                for (int i = s; i < records.size(); i += subtasks) f.offer("m", records.get(i).value, records.get(i).ts);
                assertThat(f.ordered.size()).isLessThanOrEqualTo(max);
                emitted.addAll(f.ordered);
            }
            assertThat(SegmentScan.firsts(emitted, max).get("m")).as("trial " + trial).isEqualTo(oracle(records, max));
        }
    }

    @Test
    void theReferencesSegmentsComeFirstThenTheInputsToTheCap() {
        assertThat(SegmentScan.admitted(Map.of("m", List.of("b", "__other", "a")), Map.of("m", List.of("c", "a", "d"),
                "n", List.of("x")), 3)).isEqualTo(Map.of("m", List.of("b", "a", "c"), "n", List.of("x")));
    }
}
