package io.modelwatch.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloCounterTest {

    private final PredictionParser parser = new PredictionParser();

    private PredictionRecord record(String json) {
        assertThat(parser.parse(json.getBytes(StandardCharsets.UTF_8))).as(json).isNull();
        return parser.record();
    }

    private static final Slo AVAILABILITY = new Slo("availability", List.of("*"), 99.9,
            GoodRule.parse("status in (ok, fallback)"), Slo.DEFAULT_PERIOD_MILLIS);
    private static final Slo LATENCY = new Slo("latency", List.of("fraud*"), 99, GoodRule.parse("latency_ms <= 500"),
            Slo.DEFAULT_PERIOD_MILLIS);

    @Test
    void statusRuleCountsEveryRecordAndFieldRuleOnlyThoseWithTheField() {
        GoodRule status = GoodRule.parse("status in (ok, fallback)");
        GoodRule latency = GoodRule.parse("latency_ms <= 500");
        assertThat(status.classify(record("{\"ts\":0,\"model\":\"m\"}"))).isEqualTo(GoodRule.GOOD); // default ok
        assertThat(status.classify(record("{\"ts\":0,\"model\":\"m\",\"status\":\"fallback\"}"))).isEqualTo(GoodRule.GOOD);
        assertThat(status.classify(record("{\"ts\":0,\"model\":\"m\",\"status\":\"timeout\"}"))).isEqualTo(GoodRule.BAD);
        assertThat(status.classify(record("{\"ts\":0,\"model\":\"m\",\"status\":\"error\"}"))).isEqualTo(GoodRule.BAD);
        assertThat(latency.classify(record("{\"ts\":0,\"model\":\"m\",\"latency_ms\":500}"))).isEqualTo(GoodRule.GOOD);
        assertThat(latency.classify(record("{\"ts\":0,\"model\":\"m\",\"latency_ms\":500.5}"))).isEqualTo(GoodRule.BAD);
        assertThat(latency.classify(record("{\"ts\":0,\"model\":\"m\"}"))).isEqualTo(GoodRule.NOT_COUNTED);
        assertThat(latency.classify(record("{\"ts\":0,\"model\":\"m\",\"latency_ms\":-3}"))).isEqualTo(GoodRule.NOT_COUNTED);
    }

    @Test
    void badRulesSayWhy() {
        assertThatThrownBy(() -> GoodRule.parse("status in (ok, fine)")).hasMessageContaining("unknown status 'fine'");
        assertThatThrownBy(() -> GoodRule.parse("latncy_ms <= 500")).hasMessageContaining("unknown field 'latncy_ms'");
        assertThatThrownBy(() -> GoodRule.parse("latency_ms <= fast")).hasMessageContaining("'fast' is not a number");
        assertThatThrownBy(() -> GoodRule.parse("latency_ms")).hasMessageContaining("cannot read good rule");
    }

    @Test
    void countsPerModelMinuteAndSloAndFlushesClosedMinutes() {
        SloCounter counter = new SloCounter(List.of(AVAILABILITY, LATENCY), 100);
        List<SloMinute> out = new ArrayList<>();
        // minute 0: fraud: ok 100 ms, error 900 ms, timeout (no latency); ranker: ok
        counter.add(record("{\"ts\":1000,\"model\":\"fraud\",\"latency_ms\":100}"), out::add);
        counter.add(record("{\"ts\":2000,\"model\":\"fraud\",\"status\":\"error\",\"latency_ms\":900}"), out::add);
        counter.add(record("{\"ts\":59999,\"model\":\"fraud\",\"status\":\"timeout\"}"), out::add);
        counter.add(record("{\"ts\":3000,\"model\":\"ranker\",\"latency_ms\":900}"), out::add);
        // minute 1
        counter.add(record("{\"ts\":60000,\"model\":\"fraud\",\"latency_ms\":50}"), out::add);
        counter.flushClosed(59_998, out::add);
        assertThat(out).isEmpty(); // minute 0 is complete only at watermark 59,999
        counter.flushClosed(59_999, out::add);
        assertThat(out).extracting(SloMinute::toString).containsExactlyInAnyOrder(
                "fraud/0@0: 1 good, 2 bad",  // availability: ok good; error, timeout bad
                "fraud/1@0: 1 good, 1 bad",  // latency: 100 good, 900 bad, the timeout has no latency: not counted
                "ranker/0@0: 1 good, 0 bad"); // latency applies to fraud* only
        out.clear();
        counter.flushAll(out::add);
        assertThat(out).extracting(SloMinute::toString).containsExactlyInAnyOrder(
                "fraud/0@1: 1 good, 0 bad", "fraud/1@1: 1 good, 0 bad");
    }

    @Test
    void modelGlobsMatchWholeNames() {
        Slo slo = new Slo("s", List.of("fr*", "rank?r"), 99, GoodRule.parse("status in (ok)"), 60_000);
        assertThat(slo.appliesTo("fraud")).isTrue();
        assertThat(slo.appliesTo("ranker")).isTrue();
        assertThat(slo.appliesTo("afraud")).isFalse();
        assertThat(slo.appliesTo("rankers")).isFalse();
    }
}
