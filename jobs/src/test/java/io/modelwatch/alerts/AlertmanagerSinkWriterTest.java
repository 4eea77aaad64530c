package io.modelwatch.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's sending rules, driven round by round with a fake client and a fake clock. */
class AlertmanagerSinkWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Answers each post with the next status (-1: no answer), remembering what was posted. */
    static final class ScriptedClient implements AlertmanagerClient {
        final List<JsonNode> posted = new ArrayList<>();
        final List<Integer> answers = new ArrayList<>();
        int status = 200;

        @Override
        public int post(byte[] body) throws IOException {
            posted.add(JSON.readTree(body));
            int answer = answers.isEmpty() ? status : answers.remove(0);
            if (answer < 0) throw new IOException("connection refused");
            return answer;
        }
    }

    final AtomicLong clock = new AtomicLong(1_000_000);
    final ScriptedClient client = new ScriptedClient();
    final AlertmanagerSinkWriter writer = new AlertmanagerSinkWriter(
            AlertmanagerSettings.of(java.net.URI.create("http://am:9093")), AlertRules.of(AlertmanagerITCase.HIGH_ERRORS),
            client, clock::get, new UnregisteredMetricsGroup(), List.of(), false);

    @Test
    void aFiringAlertIsSentAtOnceThenReSentEveryResendWithEndsAtFourResendsAhead() throws Exception {
        writer.write(AlertmanagerITCase.alertPoint("firing", 15, 0.2), null);
        writer.sendDue();
        assertThat(client.posted).hasSize(1);
        JsonNode sent = client.posted.get(0).get(0);
        assertThat(sent.get("endsAt").asText()).isEqualTo(java.time.Instant.ofEpochMilli(1_000_000 + 4 * 60_000).toString());
        writer.sendDue(); // nothing owed until the resend
        assertThat(client.posted).hasSize(1);
        clock.addAndGet(60_000);
        writer.sendDue();
        assertThat(client.posted).hasSize(2);
    }

    @Test
    void aResolutionIsSentOnceWithItsStartAndEndAndNotReSent() throws Exception {
        writer.write(AlertmanagerITCase.alertPoint("firing", 15, 0.2), null);
        writer.sendDue();
        writer.write(AlertmanagerITCase.alertPoint("resolved", 20, 0.01), null);
        writer.sendDue();
        JsonNode resolved = client.posted.get(1).get(0);
        assertThat(resolved.get("startsAt").asText()).isEqualTo(java.time.Instant.ofEpochMilli(15 * 60_000).toString());
        assertThat(resolved.get("endsAt").asText()).isEqualTo(java.time.Instant.ofEpochMilli(20 * 60_000).toString());
        clock.addAndGet(10 * 60_000);
        writer.sendDue();
        assertThat(client.posted).hasSize(2);
        assertThat(writer.snapshotState(1)).isEmpty();
    }

    @Test
    void failedPushesAreRetriedWithADoublingBackoffAndKeptInCheckpoints() throws Exception {
        client.answers.addAll(List.of(-1, 503, 429, 200));
        writer.write(AlertmanagerITCase.alertPoint("firing", 15, 0.2), null);
        writer.sendDue(); // fails: retry after 1 s
        clock.addAndGet(500);
        writer.sendDue();
        assertThat(client.posted).hasSize(1);
        assertThat(writer.snapshotState(1)).hasSize(1);
        clock.addAndGet(500);
        writer.sendDue(); // 503: retry after 2 s
        clock.addAndGet(2_000);
        writer.sendDue(); // 429: retry after 4 s
        clock.addAndGet(3_999);
        writer.sendDue();
        assertThat(client.posted).hasSize(3);
        clock.addAndGet(1);
        writer.sendDue();
        assertThat(client.posted).hasSize(4);
        assertThat(writer.pending()).isZero();
    }

    @Test
    void alertsAlertmanagerRefusesAreDroppedNotRetried() throws Exception {
        client.status = 400;
        writer.write(AlertmanagerITCase.alertPoint("firing", 15, 0.2), null);
        writer.sendDue();
        clock.addAndGet(120_000);
        writer.sendDue();
        assertThat(client.posted).hasSize(1);
        assertThat(writer.snapshotState(1)).isEmpty();
    }

    @Test
    void aRestoredWriterSendsWhatItOwedAtOnce() throws Exception {
        writer.write(AlertmanagerITCase.alertPoint("firing", 15, 0.2), null);
        List<AlertmanagerAlert> state = writer.snapshotState(1);
        AlertmanagerAlertSerializer serializer = new AlertmanagerAlertSerializer();
        List<AlertmanagerAlert> restored = new ArrayList<>();
        for (AlertmanagerAlert a : state) restored.add(serializer.deserialize(serializer.getVersion(), serializer.serialize(a)));
        assertThat(restored).isEqualTo(state);

        ScriptedClient after = new ScriptedClient();
        AlertmanagerSinkWriter again = new AlertmanagerSinkWriter(
                AlertmanagerSettings.of(java.net.URI.create("http://am:9093")), AlertRules.of(AlertmanagerITCase.HIGH_ERRORS),
                after, clock::get, new UnregisteredMetricsGroup(), restored, false);
        again.sendDue();
        assertThat(after.posted).hasSize(1);
        assertThat(after.posted.get(0).get(0).get("labels").get("alertname").asText()).isEqualTo("HighErrorRate");
    }
}
