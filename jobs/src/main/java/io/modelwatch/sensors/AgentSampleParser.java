package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' Kafka messages to points. A message that is not an agent sample is dropped, counted
 * ({@code badAgentSamples}) and logged (the first, then every 1000th), and never stops the job.
 */
final class AgentSampleParser extends RichFlatMapFunction<String, Point> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AgentSampleParser.class);

    private transient Counter bad;

    @Override
    public void open(OpenContext openContext) {
        bad = getRuntimeContext().getMetricGroup().counter("badAgentSamples");
    }

    @Override
    public void flatMap(String value, Collector<Point> out) {
        try {
            out.collect(AgentSampleCodec.fromJson(value));
        } catch (IllegalArgumentException e) {
            bad.inc();
            if (bad.getCount() % 1000 == 1) {
                LOG.warn("dropped an agent message ({} so far): {}: {}", bad.getCount(), e.getMessage(),
                        value.length() > 200 ? value.substring(0, 200) + "..." : value);
            }
        }
    }
}
