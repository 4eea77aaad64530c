package io.modelwatch.testing;

import io.modelwatch.influx.LineProtocol;
import io.modelwatch.influx.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The line protocol check itself: lines the contract allows pass, each kind of broken line is named. */
class LpLintTest {
    static final String T = " 1764028800000000000";

    @ParameterizedTest
    @ValueSource(strings = {
        "feature_drift,feature=x,kind=numeric,model=m,window=1h count=10i,missing=0i,invalid=0i,psi=0.12,ks_stat=0.3,"
                + "ks_pvalue=0.01,ks_qvalue=0.02,wasserstein=0.5,mean_shift=0.1,std_shift=0.0,mean=3.5,std=1.25,"
                + "drift_score=3i,drift_level=\"medium\",degenerate=false,reference=\"v1\",out_of_range=2i,unseen=0i" + T,
        "feature_drift,feature=emb,kind=embedding,model=m,segment=eu,window=1h count=5i,dim=16i,centroid_distance=1.5,"
                + "centroid_cosine=0.01,drift_alert=true,drift_alert_by=\"centroid_distance\"" + T,
        "feature_drift,feature=c,kind=categorical,model=m,window=5m count=40i,psi=0.3,chi2_stat=12.5,chi2_pvalue=1e-05" + T,
        "model_drift,model=m,window=1h reference=\"v1\",alerted=1i,features=10i,drifted=2i,high=1i,medium=1i,drift_share=0.2" + T,
        "model_serving,model=m,window=1h count=100i,qps=0.03,error_rate=0.01,latency_p99=120.5,ttft_p50=30.0" + T,
        "host,host=h1 cpu_percent=12.5,load1=0.7,mem_used_bytes=1024i,status=\"normal\",cpu_percent_status=\"normal\","
                + "cpu_percent_anomaly=false" + T,
        "gpu,gpu=0,host=h1,name=NVIDIA\\ H100,uuid=GPU-1 utilization_percent=99.0,memory_percent=91.0,"
                + "memory_percent_status=\"critical\",status=\"critical\"" + T,
        "alerts,model=m,rule=HighErrorRate,severity=P1,window=5m state=\"firing\",value=0.2,threshold=0.05,"
                + "summary=\"Error rate above 5%\",description=\"m: error \\\"high\\\"\"" + T,
        "pipeline,job=backfill records_in=100i,bad_records=1i,late_records=0i,labels_in=50i,points_out=40i" + T,
        "model_performance,model=m,window=1h predictions=100i,labelled=80i,label_coverage=0.8,accuracy=0.9,auc=0.95,"
                + "log_loss=0.3,ece=0.02,final=true,outcome_revenue=12.5,outcome_revenue_count=80i,estimated_accuracy=0.88" + T,
        "input_quality,model=m,window=1h records=100i,anomalous_records=3i,anomalous_rate=0.03,out_of_range=2i,"
                + "unseen=1i,missing_required=0i,invalid=0i,multivariate_outliers=1i" + T,
        "multivariate_drift,model=m,segment=eu,window=1h records=100i,components=3i,reconstruction_error=1.2,"
                + "threshold=1.5,drifted=false" + T,
        "slo,model=m,slo=availability,window=30d total=1000i,bad=2i,error_ratio=0.002,burn_rate=2.0,budget_remaining=0.5" + T,
    })
    void linesTheContractAllowsPass(String line) {
        assertThat(LpLint.checkLine(line)).isEmpty();
    }

    @Test
    void hostileNamesWrittenByLineProtocolPass() {
        for (String name : List.of("a b,c=d", "two\nlines", "trailing\\", "comma\\,after", "quote\"d", "multi\\\\", "=")) {
            Point p = Point.builder("feature_drift").tag("model", name).tag("feature", name).tag("kind", "numeric")
                    .tag("window", "1h").intField("count", 3).field("drift_level", "say \"hi\"\\\n").timeNanos(1764028800000000000L)
                    .build();
            String line = LineProtocol.format(p);
            assertThat(LpLint.checkLine(line)).as(line).isEmpty();
            LpLint.Parsed parsed = LpLint.parse(line, new java.util.ArrayList<>());
            assertThat(parsed.tags()).hasSize(4);
            assertThat(parsed.fields()).containsOnlyKeys("count", "drift_level");
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // the line | what the check must say
        "model_servin,model=m,window=1h count=1i" + T + "| unknown measurement 'model_servin'",
        "model_serving,model=m,window=1h,host=h count=1i" + T + "| model_serving: unknown tag 'host'",
        "model_serving,model=m count=1i" + T + "| model_serving: tag 'window' missing",
        "model_serving,model=m,window=1h count=1.0" + T + "| model_serving.count: FLOAT, the contract says INT",
        "model_serving,model=m,window=1h qps=3i" + T + "| model_serving.qps: INT, the contract says FLOAT",
        "model_serving,model=m,window=1h latency_p999=3.0" + T + "| model_serving: unknown field 'latency_p999'",
        "model_serving,model=m,window=1h qps=NaN" + T + "| model_serving.qps: non-finite number",
        "model_serving,model=m,window=1h qps=Infinity" + T + "| model_serving.qps: non-finite number",
        "model_serving,model=m,window=1h qps=1.0 1764028800000| model_serving: timestamp missing or not in nanoseconds",
        "model_serving,model=m,window=1h qps=1.0| model_serving: timestamp missing or not in nanoseconds",
        "model_serving,model=m,window= qps=1.0" + T + "| model_serving: empty tag value for 'window' (leave the tag out)",
        "model_serving,model=a=b,window=1h qps=1.0" + T + "| model_serving: unescaped '=' in a tag value",
        "model_serving,model=m,model=n,window=1h qps=1.0" + T + "| model_serving: tag 'model' twice",
        "model_serving,model=m,window=1h qps=1.0,qps=2.0" + T + "| model_serving: field 'qps' twice",
        "model_serving,model=end\\\\,window=1h qps=1.0" + T + "| a tag value ends in a backslash (InfluxDB 1.x cannot parse it): 'end\\\\'",
        "host,host=h status=\"a\\b\"" + T + "| host.status: a lone backslash in a string (write \\\\)",
        "host,host=h status=\"a\"b\"c\"" + T + "| host.status: an unescaped '\"' in a string (write \\\")",
        "host,host=h status=\"x\",status_anomaly=true" + T + "| host: unknown field 'status_anomaly'",
        "host,host=h cpu_percent_status=3.0" + T + "| host.cpu_percent_status: FLOAT, the contract says STRING",
        "model_serving,model=m,window=1h error_rate_status=\"ok\"" + T + "| model_serving: unknown field 'error_rate_status'",
        "feature_drift,feature=x,kind=text,model=m,window=1h count=1i" + T + "| feature_drift: tag kind='text' is not one of [categorical, embedding, numeric]",
        "alerts,rule=R,severity=P4 state=\"firing\"" + T + "| alerts: tag severity='P4' is not one of [P0, P1, P2, P3]",
        "alerts,severity=P1 state=\"firing\"" + T + "| alerts: tag 'rule' missing",
        "slo,model=m,slo=a,window=1h burn_rate=\"2\"" + T + "| slo.burn_rate: STRING, the contract says FLOAT",
        "model_performance,model=m,window=1h final=1i" + T + "| model_performance.final: INT, the contract says BOOL",
        "model_performance,model=m,window=1h outcome_x_count=2.0" + T + "| model_performance.outcome_x_count: FLOAT, the contract says INT",
        "input_quality,model=m,window=1h anomalous=1i" + T + "| input_quality: unknown field 'anomalous'",
        "multivariate_drift,model=m,window=1h drifted=\"yes\"" + T + "| multivariate_drift.drifted: STRING, the contract says BOOL",
        "pipeline,job=j,model=m records_in=1i" + T + "| pipeline: unknown tag 'model'",
        "model_serving,model=m,window=1h" + T + "| unparsable line: field without a key or '=': 1764028800000000000",
        "model_serving,model=m,window=1h| unparsable line: no fields after the series key",
        "model_serving,model=m,window=1h qps=1.0 12:00| unparsable line: timestamp '12:00' is not an integer",
        "model_serving,model=m,window=1h qps=fast" + T + "| unparsable line: field 'qps' has no valid value: 'fast'",
        "host,host=h status=\"open" + T + "| unparsable line: a string field without its closing quote",
        "model_serving,model m,window=1h qps=1.0" + T + "| unparsable line: tag without '=': model",
    })
    void eachKindOfBrokenLineIsNamed(String line, String problem) {
        assertThat(LpLint.checkLine(line)).contains(problem);
    }

    @Test
    void aFileWithABadLineFailsTheAssertionAndNamesTheLine(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.lp"), bad = dir.resolve("sub/bad.lp");
        Files.writeString(good, "# a comment\nmodel_serving,model=m,window=1h count=1i" + T + "\n\n");
        LpLint.assertPasses(good);
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "model_serving,model=m,window=1h count=1i" + T + "\nmodel_serving,model=m,window=1h count=one" + T + "\n");
        assertThatThrownBy(() -> LpLint.assertPasses(dir)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("unparsable line: field 'count' has no valid value: 'one'")
                .hasMessageContaining("bad.lp:2: model_serving,model=m,window=1h count=one ");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(LpLint.check(empty)).containsExactly("no points at all in " + empty);
    }
}
