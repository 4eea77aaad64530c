package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import io.modelwatch.testing.JobTesting;
import io.modelwatch.testing.LineProtocolReader.Line;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SensorsJob#build} on a {@code fromData} source of host samples, in the job's own environment (Kryo off),
 * its points collected: each sample judged against the contract's default levels (cpu_percent and mem_percent
 * warning above 70, critical above 90), {@code status} the worst of them.
 */
class SensorsJobTest {
    @Test
    void hostSamplesFromDataAreJudgedAgainstTheDefaultLevels() throws Exception {
        SensorsConfig c = SensorsConfig.builder().samples(3).build();
        StreamExecutionEnvironment env = SensorsJob.environment(c);
        env.setParallelism(1);
        double[][] cpuMem = {{50, 10}, {75, 10}, {95, 80}};
        List<Point> samples = new ArrayList<>();
        for (String host : List.of("h1", "h2")) {
            for (int i = 0; i < cpuMem.length; i++) {
                samples.add(Point.builder("host").tag("host", host).field("cpu_percent", cpuMem[i][0])
                        .field("mem_percent", cpuMem[i][1]).timeNanos((i + 1) * 10_000_000_000L).build());
            }
        }
        DataStream<Point> source = env.fromData(samples, TypeInformation.of(Point.class));

        Map<String, List<String>> statuses = new TreeMap<>();
        for (Line l : JobTesting.collect(SensorsJob.build(source, c))) {
            statuses.computeIfAbsent(l.tag("host") + "@" + l.timestamp, k -> new ArrayList<>()).addAll(List.of(
                    (String) l.fields.get("cpu_percent_status"), (String) l.fields.get("mem_percent_status"),
                    (String) l.fields.get("status")));
        }
        assertThat(statuses).hasSize(6);
        for (String host : List.of("h1", "h2")) {
            assertThat(statuses.get(host + "@10000000000")).containsExactly("normal", "normal", "normal");
            assertThat(statuses.get(host + "@20000000000")).containsExactly("warning", "normal", "warning");
            assertThat(statuses.get(host + "@30000000000")).containsExactly("critical", "warning", "critical");
        }
    }
}
