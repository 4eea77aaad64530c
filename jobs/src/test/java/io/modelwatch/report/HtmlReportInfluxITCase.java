package io.modelwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelwatch.cli.Main;
import io.modelwatch.testing.InfluxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code report --influx}: the jobs' points written to a real InfluxDB 1.x, read back with bounded InfluxQL
 * queries, give the same page data as the same points read from the line protocol files.
 */
class HtmlReportInfluxITCase {
    @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void influxAndTheFilesGiveTheSamePage() throws Exception {
        ReportFixture data = ReportFixture.get();
        INFLUX.createDatabase("mw");
        HttpClient http = HttpClient.newHttpClient();
        for (Path f : new Path[] {data.drift, data.extra}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(INFLUX.url() + "/write?db=mw&precision=ns"))
                    .POST(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
        Path fromFiles = dir.resolve("files.html"), fromInflux = dir.resolve("influx.html");
        String from = ReportFixture.FROM.toString(), to = ReportFixture.TO.plusSeconds(3600).toString();
        assertThat(Main.execute("report", "--input", data.drift + "," + data.extra, "--from", from, "--to", to,
                "--output", fromFiles.toString())).isZero();
        assertThat(Main.execute("report", "--influx", INFLUX.url() + "/mw", "--from", from, "--to", to,
                "--output", fromInflux.toString())).isZero();

        JsonNode a = page(fromFiles), b = page(fromInflux);
        assertThat(b.path("units").size()).isEqualTo(2);
        assertThat(b.path("units").get(0).path("features").path("n").asInt()).isGreaterThan(5);
        assertThat(b).isEqualTo(a);

        // One model only: the query's model condition.
        Path one = dir.resolve("ranker.html");
        assertThat(Main.execute("report", "--influx", INFLUX.url() + "/mw", "--from", from, "--to", to, "--model", "ranker",
                "--output", one.toString())).isZero();
        JsonNode ranker = page(one);
        assertThat(ranker.path("units").size()).isEqualTo(1);
        assertThat(ranker.path("units").get(0).path("model").asText()).isEqualTo("ranker");
        // The same unit, but for its index in the page's list of models (one model here, two there).
        ObjectNode alone = (ObjectNode) ranker.path("units").get(0), inAll = (ObjectNode) a.path("units").get(1).deepCopy();
        alone.remove("modelIndex");
        inAll.remove("modelIndex");
        assertThat(alone).isEqualTo(inAll);
    }

    @Test
    void withoutATimeRangeWithAnUnknownDatabaseOrAMalformedFileItExitsWithStatus2() throws Exception {
        assertThat(Main.execute("report", "--influx", INFLUX.url() + "/mw", "--output", dir.resolve("x.html").toString())).isEqualTo(2);
        assertThat(Main.execute("report", "--influx", INFLUX.url() + "/nodb", "--from", "2026-11-25", "--to", "2026-11-26",
                "--output", dir.resolve("y.html").toString())).isEqualTo(2);
        assertThat(Main.execute("report", "--input", dir.resolve("missing.lp").toString(), "--output", dir.resolve("z.html").toString()))
                .isEqualTo(2);
        assertThat(Files.exists(dir.resolve("y.html"))).isFalse();
        Path bad = dir.resolve("bad.lp");
        Files.writeString(bad, "model_serving,model=a count=1i 1\nmodel_serving,model=a count= 2\n");
        assertThat(Main.execute("report", "--input", bad.toString(), "--output", dir.resolve("w.html").toString())).isEqualTo(2);
    }

    /** The page's data without what differs by nature (when and from where it was made). */
    private static JsonNode page(Path html) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(ReportFixture.dataBlock(html));
        n.remove("generated");
        n.remove("source");
        return n;
    }
}
