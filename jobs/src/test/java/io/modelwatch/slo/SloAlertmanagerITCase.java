package io.modelwatch.slo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.cli.Main;
import io.modelwatch.testing.AlertmanagerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLO burn alerts go the rule alerts' way to a real Alertmanager: {@code backfill --slos --alertmanager URL}
 * (no --rules) over {@link SloBackfillITCase}'s log. At the end of that log SLOBurnSlow is still firing for
 * model a on availability and errors (its 6h window still holds the outage); every other burn alert has
 * resolved. Alertmanager's own API then lists exactly the two firing ones as active, with the labels.
 */
class SloAlertmanagerITCase {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void burnAlertsArePushedAndOnlyTheStillFiringOnesAreActive() throws Exception {
        Path input = SloBackfillITCase.writeLog(dir);
        try (AlertmanagerServer am = AlertmanagerServer.start(dir.resolve("am"), URI.create("http://127.0.0.1:9/hook"))) {
            assertThat(Main.execute("backfill", "--input", input.toString(), "--reference", dir.resolve("snapshots").toString(),
                    "--from", "2026-11-25T10:00:00Z", "--to", "2026-11-25T15:00:00Z", "--window", "1h",
                    "--slos", SlosCheckTest.shippedSlos().toString(), "--alertmanager", am.url().toString(),
                    "--sink", "file:" + dir.resolve("out.lp"), "--dead-letter", dir.resolve("dead.jsonl").toString())).isZero();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    am.url().resolve("/api/v2/alerts?active=true&silenced=false&inhibited=false")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            List<String> active = new ArrayList<>();
            for (JsonNode a : JSON.readTree(r.body())) {
                JsonNode l = a.get("labels");
                active.add(l.get("alertname").asText() + " " + l.get("severity").asText() + " model=" + l.get("model").asText()
                        + " slo=" + l.get("slo").asText());
                assertThat(a.get("annotations").get("summary").asText()).contains("burning its error budget");
                assertThat(a.get("startsAt").asText()).startsWith("2026-11-25T12:01"); // step 121 = 10:00 + 121 min
            }
            assertThat(active).containsExactlyInAnyOrder(
                    "SLOBurnSlow P3 model=a slo=availability", "SLOBurnSlow P3 model=a slo=errors");
        }
    }
}
