package io.modelwatch.segment;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmenterTest {
    private final PredictionParser parser = new PredictionParser();

    private PredictionRecord parse(String json) {
        assertThat(parser.parse(json.getBytes(StandardCharsets.UTF_8))).isNull();
        return parser.record();
    }

    private List<String> segments(Segmenter s, String... lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) out.add(Segments.segment(s.series(parse(l))));
        return out;
    }

    private static String line(String model, String version, String country) {
        return "{\"ts\":1,\"model\":\"" + model + "\"" + (version == null ? "" : ",\"model_version\":\"" + version + "\"")
                + ",\"features\":{\"x\":1.5" + (country == null ? "" : ",\"country\":" + country) + "}}";
    }

    @Test
    void capsEachModelInOrderOfFirstAppearanceAndSendsTheRestAndMissingToOther() {
        Segmenter s = new Segmenter(Segmentation.open(SegmentBy.parse("features.country"), 2));
        assertThat(segments(s,
                line("a", null, "\"fr\""), line("a", null, "\"de\""), line("a", null, "\"it\""), line("a", null, "\"fr\""),
                line("b", null, "\"it\""), line("a", null, null), line("a", null, "3"), line("a", null, "true"),
                line("a", null, "\"\""), line("a", null, "\"__other\""), line("b", null, "\"de\""), line("b", null, "\"es\"")))
                .containsExactly("fr", "de", Segments.OTHER, "fr", "it", Segments.OTHER, Segments.OTHER, Segments.OTHER,
                        Segments.OTHER, Segments.OTHER, "de", Segments.OTHER);
    }

    @Test
    void closedAdmitsOnlyTheGivenValuesAndOpenAdmitsTheSeedsFirst() {
        SegmentBy by = SegmentBy.parse(SegmentBy.MODEL_VERSION);
        Segmenter closed = new Segmenter(new Segmentation(by, 5, Map.of("a", List.of("v2")), true));
        assertThat(segments(closed, line("a", "v1", null), line("a", "v2", null), line("b", "v1", null)))
                .containsExactly(Segments.OTHER, "v2", Segments.OTHER);
        Segmenter seeded = new Segmenter(Segmentation.open(by, 2).seededWith(Map.of("a", List.of("v9", "v8", "v7"))));
        // the cap holds for seeds too: v9 and v8 take both places
        assertThat(segments(seeded, line("a", "v1", null), line("a", "v8", null), line("a", "v7", null), line("a", "v9", null)))
                .containsExactly(Segments.OTHER, "v8", Segments.OTHER, "v9");
    }

    @Test
    void theSeriesIsTheSameStringEachTimeAndSplitsIntoTheTags() {
        Segmenter s = new Segmenter(Segmentation.open(SegmentBy.parse("model_version"), 20));
        String first = s.series(parse(line("m", "v1", null)));
        assertThat(s.series(parse(line("m", "v1", null)))).isSameAs(first);
        assertThat(Segments.model(first)).isEqualTo("m");
        assertThat(Segments.segment("m")).isNull();
        Point p = Segments.tagModel(Point.builder("model_drift"), first).intField("features", 1).timeMillis(0).build();
        assertThat(p.tag("model")).isEqualTo("m");
        assertThat(p.tag("segment")).isEqualTo("v1");
        assertThat(Segments.tagModel(Point.builder("x"), "m").intField("f", 1).timeMillis(0).build().tag("segment")).isNull();
    }

    @Test
    void refusesAnotherKey() {
        assertThatThrownBy(() -> SegmentBy.parse("country")).hasMessageContaining("model_version or features.NAME");
        assertThatThrownBy(() -> SegmentBy.parse("features.")).isInstanceOf(IllegalArgumentException.class);
    }
}
