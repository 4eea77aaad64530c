package io.modelwatch.stream;

import io.modelwatch.testing.LineProtocolReader;
import io.modelwatch.testing.LineProtocolReader.Line;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers of the stream tests: input lines, points by series and time, comparisons. */
final class StreamTesting {
    static final Set<String> FIGURES = Set.of("feature_drift", "model_drift", "model_serving");

    private StreamTesting() {}

    /** Every line of the .jsonl files of a folder, files in name order. */
    static List<String> lines(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().collect(Collectors.toList())) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** measurement,tags @ time -> the point's fields; a series and time written twice keeps the last (as InfluxDB). */
    static Map<String, Map<String, Object>> points(Path file, Set<String> measurements) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Line l : LineProtocolReader.read(file)) {
            if (!measurements.contains(l.measurement)) continue;
            out.put(key(l), l.fields);
        }
        return out;
    }

    /**
     * The series and times (as {@link #key}) written more than once, with how often: {@link #points} keeps one
     * of them, as InfluxDB does, so only this can see that a window was written twice.
     */
    static Map<String, Integer> duplicates(Path file, Set<String> measurements) {
        Map<String, Integer> seen = new TreeMap<>();
        for (Line l : LineProtocolReader.read(file)) {
            if (measurements.contains(l.measurement)) seen.merge(key(l), 1, Integer::sum);
        }
        seen.values().removeIf(n -> n == 1);
        return seen;
    }

    static String key(Line l) {
        return l.measurement + l.tags + " @" + l.timestamp;
    }

    /** Same series and times, the same fields; doubles equal to {@code relTol} (0: bit for bit). */
    static void assertSamePoints(Map<String, Map<String, Object>> actual, Map<String, Map<String, Object>> expected,
                                 double relTol) {
        assertThat(actual.keySet()).as("series and times").containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
            Map<String, Object> a = actual.get(e.getKey());
            assertThat(a.keySet()).as("fields of " + e.getKey()).isEqualTo(e.getValue().keySet());
            for (Map.Entry<String, Object> f : e.getValue().entrySet()) {
                Object want = f.getValue(), got = a.get(f.getKey());
                String what = e.getKey() + " " + f.getKey();
                if (want instanceof Double && relTol > 0) {
                    double w = (Double) want, g = (Double) got;
                    assertThat(Math.abs(g - w)).as(what + ": " + g + " vs " + w)
                            .isLessThanOrEqualTo(relTol * Math.max(1, Math.abs(w)));
                } else {
                    assertThat(got).as(what).isEqualTo(want);
                }
            }
        }
    }
}
