package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Pairs each point with every rule that watches its series (measurement and matchers); other points go no further. */
final class RuleMatcher implements FlatMapFunction<Point, RuleSample> {
    private static final long serialVersionUID = 1L;

    private final Map<String, List<AlertRule>> rulesByMeasurement;

    RuleMatcher(AlertRules rules) {
        this.rulesByMeasurement = rules.all().stream().collect(Collectors.groupingBy(
                AlertRule::measurement, java.util.HashMap::new, Collectors.toCollection(java.util.ArrayList::new)));
    }

    @Override
    public void flatMap(Point point, Collector<RuleSample> out) {
        List<AlertRule> rules = rulesByMeasurement.get(point.measurement);
        if (rules == null) return;
        for (AlertRule rule : rules) {
            if (rule.selects(point)) out.collect(new RuleSample(rule.name(), point));
        }
    }
}
