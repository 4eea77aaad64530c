package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotSetTest {
    static final long DAY = 86_400_000L;
    static final long D1 = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();

    static Snapshot dated(String model, String segment, long validFrom, long records) {
        Snapshot s = new Snapshot(model, validFrom - DAY, validFrom, records, 10, 8, List.of(), List.of()).withValidFrom(validFrom);
        return segment == null ? s : s.withSegment("model_version", segment);
    }

    @Test
    void aWindowUsesTheGreatestValidFromAtOrBeforeItsStartAndAnOlderOneTheOldestSaidOnce() {
        SnapshotSet set = new SnapshotSet(List.of(dated("m", null, D1 + DAY, 2), dated("m", null, D1, 1),
                dated("other", null, D1, 9)));
        assertThat(set.pick("m", D1).records).isEqualTo(1);
        assertThat(set.pick("m", D1 + DAY - 1).records).isEqualTo(1);
        assertThat(set.pick("m", D1 + DAY).records).isEqualTo(2);
        assertThat(set.pick("m", D1 + 10 * DAY).records).isEqualTo(2);
        List<String> notices = new ArrayList<>();
        assertThat(set.pick("m", null, D1 - 1, notices::add).records).isEqualTo(1);
        assertThat(set.pick("m", null, D1 - DAY, notices::add).records).isEqualTo(1);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("m@2026-11-24T00:00:00Z");
        assertThat(set.pick("none", D1)).isNull();
        assertThat(set.nextValidFrom("m", null, D1 - 5)).isEqualTo(D1 + DAY);
        assertThat(set.nextValidFrom("m", null, D1 + 3)).isEqualTo(D1 + DAY);
        assertThat(set.nextValidFrom("m", null, D1 + DAY)).isEqualTo(Long.MAX_VALUE);
        assertThat(set.models()).containsExactly("m", "other");
    }

    @Test
    void segmentsAreTheirOwnSeriesAndTheLaterFileOfOneValidFromWins() {
        SnapshotSet set = new SnapshotSet(List.of(dated("m", null, D1, 1), dated("m", "v2", D1, 5), dated("m", "v2", D1, 6)));
        assertThat(set.pick("m", null, D1, null).records).isEqualTo(1);
        assertThat(set.pick("m", "v2", D1, null).records).isEqualTo(6);
        assertThat(set.series("m", "v2")).hasSize(1);
        assertThat(set.pick("m", "v3", D1, null)).isNull();
        assertThat(set.models()).containsExactly("m");
    }

    @Test
    void theReferenceNameIsTheModelAtValidFrom() {
        assertThat(dated("fraud", null, D1, 0).referenceName()).isEqualTo("fraud@2026-11-24T00:00:00Z");
    }

    @Test
    void aSegmentsSeriesUsesItsOwnSnapshotsBuiltWithTheSameKeyElseTheModels() {
        Snapshot byCountry = dated("m", "fr", D1, 7).withSegment("features.country", "fr");
        SnapshotSet set = new SnapshotSet(List.of(dated("m", null, D1, 1), dated("m", "v2", D1, 5), byCountry,
                dated("m", null, D1 + DAY, 2)));
        String v2 = io.modelwatch.segment.Segments.series("m", "v2");
        String v3 = io.modelwatch.segment.Segments.series("m", "v3");
        String fr = io.modelwatch.segment.Segments.series("m", "fr");
        SnapshotSet byVersion = set.forSegmentBy("model_version");
        assertThat(byVersion.pick(v2, D1 + 2 * DAY).records).isEqualTo(5); // its own, though the model's is newer
        assertThat(byVersion.pick(v3, D1 + 2 * DAY).records).isEqualTo(2); // none of its own: the model's
        assertThat(byVersion.pick(fr, D1).records).isEqualTo(1); // built with another key: the model's
        assertThat(byVersion.segments("m")).containsExactly("v2");
        assertThat(set.forSegmentBy("features.country").pick(fr, D1).records).isEqualTo(7);
        assertThat(set.forSegmentBy(null).pick(v2, D1).records).isEqualTo(1);
        assertThat(set.forSegmentBy("model_version")).isSameAs(byVersion);
        assertThat(byVersion.pick("m", D1).records).isEqualTo(1);
    }

    @Test
    void theReferenceNameOfASegmentsOwnSnapshotNamesTheSegment() {
        assertThat(dated("fraud", "v2", D1, 0).referenceName()).isEqualTo("fraud~v2@2026-11-24T00:00:00Z");
    }
}
