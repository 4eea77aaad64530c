package io.modelwatch.quality;

import io.modelwatch.io.PredictionParser;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-record checks of contract 3c at their edges, on records parsed as the jobs parse them. */
class InputCheckerTest {
    static final double MIN = 0.3, MAX = 1.3;

    /** amount: [0.3, 1.3], never missing; rare: missing in 5 % (not required); country: de, fr; __confidence. */
    static Snapshot snapshot() {
        NumericReference amount = new NumericReference("amount", 100, 0, 0, 0.8, 0.2, MIN, MAX,
                new double[] {MIN, 0.8, MAX}, new long[] {50, 0, 50}, new double[0]);
        NumericReference rare = new NumericReference("rare", 95, 5, 0, 1, 0, 1, 1,
                new double[] {1, 1, 1}, new long[] {95, 0, 0}, new double[0]);
        NumericReference conf = new NumericReference(Snapshot.CONFIDENCE_FEATURE, 100, 0, 0, 0.5, 0.1, 0.4, 0.6,
                new double[] {0.4, 0.5, 0.6}, new long[] {50, 0, 50}, new double[0]);
        CategoricalReference country = new CategoricalReference("country", 100, 0, 0, new String[] {"de", "fr"},
                new long[] {60, 40});
        return new Snapshot("m", 0, 1, 100, 2, 0, List.of(amount, rare, conf), List.of(country));
    }

    private final InputChecker checker = new InputChecker(snapshot(), QualitySettings.defaults());
    private final PredictionParser parser = new PredictionParser();
    private final QualityCounts counts = new QualityCounts("m", 0, 1, 0);

    /** The problems of one record as "feature:reason@position". */
    private List<String> check(String features) {
        String line = "{\"ts\":1,\"model\":\"m\",\"confidence\":0.99,\"features\":{" + features + "}}";
        assertThat(parser.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNull();
        int n = checker.check(parser.record(), counts, null);
        List<String> out = new ArrayList<>();
        for (int j = 0; j < n; j++) out.add(checker.feature(j) + ":" + Reason.name(checker.reason(j)) + "@" + checker.position(j));
        return out;
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    @Test
    void aValueExactlyAtTheMarginIsInRangeAndTheNextDoubleBeyondIsNot() {
        // the contract's formula, computed here on its own: m = 0.1 x (max - min)
        double lo = MIN - 0.1 * (MAX - MIN), hi = MAX + 0.1 * (MAX - MIN);
        int amount = checker.snapshot().numericIndex("amount");
        assertThat(checker.low(amount)).isEqualTo(lo);
        assertThat(checker.high(amount)).isEqualTo(hi);
        assertThat(check("\"amount\":" + num(lo) + ",\"country\":\"de\"")).isEmpty();
        assertThat(check("\"amount\":" + num(hi) + ",\"country\":\"de\"")).isEmpty();
        assertThat(check("\"amount\":" + num(Math.nextDown(lo)) + ",\"country\":\"de\"")).containsExactly("amount:out_of_range@0");
        assertThat(check("\"amount\":" + num(Math.nextUp(hi)) + ",\"country\":\"de\"")).containsExactly("amount:out_of_range@0");
        // beyond min and max but inside the margin: in range
        assertThat(check("\"amount\":0.25,\"country\":\"de\"")).isEmpty();
        assertThat(check("\"amount\":1.35,\"country\":\"de\"")).isEmpty();
    }

    @Test
    void aCategoryDifferingOnlyInCaseIsUnseen() {
        assertThat(check("\"amount\":1,\"country\":\"fr\"")).isEmpty();
        assertThat(check("\"amount\":1,\"country\":\"DE\"")).containsExactly("country:unseen@1");
        assertThat(check("\"amount\":1,\"country\":\"De\"")).containsExactly("country:unseen@1");
    }

    @Test
    void aRequiredFeatureNullOrAbsentIsMissingRequiredAndOneMissingOftenIsNot() {
        // null: the value is there, at its position; absent: nowhere (-1)
        assertThat(check("\"country\":\"de\",\"amount\":null")).containsExactly("amount:missing_required@1");
        assertThat(check("\"country\":\"de\"")).containsExactly("amount:missing_required@-1");
        assertThat(check("\"amount\":NaN,\"country\":\"de\"")).containsExactly("amount:missing_required@0");
        assertThat(check("\"amount\":1")).containsExactly("country:missing_required@-1");
        // rare is missing in 5 % of the reference: not required, and absent here every time
        assertThat(check("\"amount\":1,\"country\":\"de\",\"rare\":null")).isEmpty();
    }

    @Test
    void aValueOfTheWrongTypeIsInvalidNotMissing() {
        assertThat(check("\"amount\":\"12\",\"country\":\"de\"")).containsExactly("amount:invalid@0");
        assertThat(check("\"amount\":true,\"country\":\"de\"")).containsExactly("amount:invalid@0");
        assertThat(check("\"amount\":1,\"country\":7")).containsExactly("country:invalid@1");
        assertThat(check("\"amount\":1,\"country\":true")).containsExactly("country:unseen@1"); // booleans are categories
    }

    @Test
    void featuresTheSnapshotDoesNotKnowAndTheConfidenceColumnAreNotChecked() {
        // confidence 0.99 is far outside the __confidence reference [0.4, 0.6]: not an input feature
        assertThat(check("\"amount\":1,\"country\":\"de\",\"other\":1e300")).isEmpty();
    }

    @Test
    void countsAddUpAndPerReasonCountsAreOccurrences() {
        check("\"amount\":1,\"country\":\"de\"");              // normal
        check("\"amount\":99,\"country\":\"XX\"");             // out_of_range + unseen
        check("\"country\":\"de\"");                          // missing_required
        check("\"amount\":\"x\",\"country\":\"de\"");          // invalid
        check("\"amount\":1,\"country\":\"fr\",\"rare\":5");   // rare out of range [1, 1] with m = 0
        assertThat(counts.records).isEqualTo(5);
        assertThat(counts.anomalous).isEqualTo(4);
        assertThat(counts.outOfRange).isEqualTo(2);
        assertThat(counts.unseen).isEqualTo(1);
        assertThat(counts.missingRequired).isEqualTo(1);
        assertThat(counts.invalid).isEqualTo(1);
        QualityCounts other = new QualityCounts("m", 0, 1, 0);
        other.records = 3;
        other.anomalous = 1;
        other.unseen = 2;
        counts.merge(other);
        assertThat(counts.records).isEqualTo(8);
        assertThat(counts.anomalous).isEqualTo(5);
        assertThat(counts.unseen).isEqualTo(3);
    }

    @Test
    void outOfRangeIsCountedPerFeatureAndTheOutlierHookFlagsWholeRecords() {
        InputChecker c = new InputChecker(snapshot(), QualitySettings.defaults()).withOutlierTest(r -> r.latencyMs > 100);
        long[] byFeature = new long[3];
        QualityCounts q = new QualityCounts("m", 0, 1, 0);
        for (String line : List.of(
                "{\"ts\":1,\"model\":\"m\",\"latency_ms\":500,\"features\":{\"amount\":1,\"country\":\"de\"}}",
                "{\"ts\":1,\"model\":\"m\",\"features\":{\"amount\":-5,\"country\":\"de\",\"rare\":2}}")) {
            assertThat(parser.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNull();
            c.check(parser.record(), q, byFeature);
        }
        Snapshot s = c.snapshot();
        assertThat(byFeature[s.numericIndex("amount")]).isEqualTo(1);
        assertThat(byFeature[s.numericIndex("rare")]).isEqualTo(1);
        assertThat(byFeature[s.numericIndex(Snapshot.CONFIDENCE_FEATURE)]).isZero();
        assertThat(q.multivariateOutliers).isEqualTo(1);
        assertThat(q.anomalous).isEqualTo(2);
    }
}
