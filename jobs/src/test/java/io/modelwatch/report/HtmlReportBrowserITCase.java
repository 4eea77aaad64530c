package io.modelwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelwatch.bench.HeadlessChromium;
import io.modelwatch.cli.Main;
import io.modelwatch.influx.Point;
import io.modelwatch.testing.LineProtocolReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The page in a real browser (Debian's headless Chromium over the DevTools protocol): it renders with no console
 * error, no exception and no network request, the figures in its DOM equal the points the jobs wrote (read back
 * with the tests' own line protocol reader), and hostile names are text, never markup. A missing Chromium fails
 * the test with the reason (bin/test installs it). Screenshots go to target/report-it/ for a person to look at.
 */
class HtmlReportBrowserITCase {
    private static ReportFixture data;
    private static Path html;
    private static HeadlessChromium browser;
    private static List<LineProtocolReader.Line> points;

    @BeforeAll
    static void renderThePage() throws Exception {
        data = ReportFixture.get();
        Path out = Files.createDirectories(Paths.get("target/report-it")).toAbsolutePath();
        html = out.resolve("report.html");
        int status = Main.execute("report", "--input", data.drift + "," + data.extra, "--output", html.toString());
        assertThat(status).isZero();
        points = new ArrayList<>(LineProtocolReader.read(data.drift));
        points.addAll(LineProtocolReader.read(data.extra));
        browser = HeadlessChromium.start(out, 1400, 1000);
        browser.open(html.toUri(), "document.body && document.body.dataset.ready === 'true'", Duration.ofMinutes(2));
        browser.screenshot(out.resolve("report-top.png"), 0, 2200);
        browser.screenshot(out.resolve("report-bottom.png"), 2200, 3000);
    }

    @AfterAll
    static void closeTheBrowser() throws Exception {
        if (browser != null) browser.close();
    }

    @Test
    void thePageRendersWithNoConsoleErrorNoExceptionAndNoNetworkRequest() {
        assertThat(browser.problems()).isEmpty();
        assertThat(browser.evaluate("document.querySelectorAll('canvas').length").asInt()).as("charts drawn").isGreaterThanOrEqualTo(6);
        assertThat(browser.evaluate("document.getElementById('unit-title').textContent").asText()).isEqualTo("fraud-scorer (1h windows)");
    }

    @Test
    void theSummaryShowsTheWindowsAndTheFeaturesOfThePoints() {
        List<LineProtocolReader.Line> drift = of("feature_drift", "fraud-scorer");
        long windows = drift.stream().map(l -> l.timestamp).distinct().count();
        long features = drift.stream().map(l -> l.tag("feature")).distinct().count();
        assertThat(card("windows")).isEqualTo(String.valueOf(windows));
        assertThat(card("features")).isEqualTo(String.valueOf(features));
        long high = drift.stream().filter(l -> "high".equals(l.fields.get("drift_level"))).map(l -> l.tag("feature")).distinct().count();
        assertThat(card("features-high")).isEqualTo(String.valueOf(high));
        long last = drift.stream().mapToLong(l -> l.timestamp).max().orElseThrow();
        LineProtocolReader.Line modelDrift = of("model_drift", "fraud-scorer").stream().filter(l -> l.timestamp == last).findFirst().orElseThrow();
        assertShown(card("drift-share"), modelDrift.number("drift_share") * 100, "%");
        LineProtocolReader.Line serving = of("model_serving", "fraud-scorer").stream().filter(l -> l.timestamp == last).findFirst().orElseThrow();
        assertShown(card("latency-p99"), serving.number("latency_p99"), "ms");
        long records = of("model_serving", "fraud-scorer").stream().mapToLong(l -> (long) l.number("count")).sum();
        assertThat(card("records")).isEqualTo(String.format(java.util.Locale.US, "%,d", records));
    }

    @Test
    void theFeatureTableShowsEachFeaturesLastWindowStatisticsAndTheInjectedDriftFirst() {
        JsonNode rows = browser.evaluate(tableRows("features"));
        assertThat(rows.size()).isGreaterThan(4);
        Map<String, LineProtocolReader.Line> lastOf = new HashMap<>();
        for (LineProtocolReader.Line l : of("feature_drift", "fraud-scorer")) {
            lastOf.merge(l.tag("feature"), l, (a, b) -> a.timestamp >= b.timestamp ? a : b);
        }
        assertThat(rows.size()).isEqualTo(lastOf.size());
        // The two features the generator drifted come first.
        assertThat(List.of(rows.get(0).path("name").asText(), rows.get(1).path("name").asText()))
                .containsExactlyInAnyOrder("num_000", storedHostileName());
        for (JsonNode row : rows) {
            LineProtocolReader.Line p = lastOf.get(row.path("name").asText());
            assertThat(p).as("a point for row %s", row).isNotNull();
            assertThat(row.path("kind").asText()).isEqualTo(p.tag("kind"));
            for (String stat : List.of("psi", "ks_stat", "wasserstein", "mean_shift", "count")) {
                if (p.has(stat)) assertShown(row.path(stat).asText(), p.number(stat), "");
                else assertThat(row.path(stat).asText()).isEqualTo("\u2014");
            }
            if (p.has("drift_level")) assertThat(row.path("level").asText()).isEqualTo(p.fields.get("drift_level"));
        }
    }

    @Test
    void theServingTableShowsEachWindowsPercentilesAndErrorRate() {
        JsonNode rows = browser.evaluate(tableRows("serving-table"));
        List<LineProtocolReader.Line> serving = of("model_serving", "fraud-scorer");
        serving.sort(Comparator.comparingLong((LineProtocolReader.Line l) -> l.timestamp).reversed());
        assertThat(rows.size()).isEqualTo(serving.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            LineProtocolReader.Line p = serving.get(i);
            assertThat(row.path("time").asText()).isEqualTo(minute(p.timestamp));
            assertThat(row.path("count").asText()).isEqualTo(String.format(java.util.Locale.US, "%,d", (long) p.number("count")));
            assertShown(row.path("latency_p50").asText(), p.number("latency_p50"), "ms");
            assertShown(row.path("latency_p99").asText(), p.number("latency_p99"), "ms");
            assertShown(row.path("error_rate").asText(), p.number("error_rate") * 100, "%");
        }
    }

    @Test
    void performanceSloAndAlertsShowTheHandWrittenPoints() {
        JsonNode perf = browser.evaluate(tableRows("performance-table"));
        assertThat(perf.size()).isEqualTo(data.performance.size());
        Point newest = data.performance.get(data.performance.size() - 1);
        assertThat(perf.get(0).path("time").asText()).isEqualTo(minute(newest.timestampNanos));
        assertShown(perf.get(0).path("accuracy").asText(), newest.number("accuracy") * 100, "%");
        assertShown(perf.get(0).path("auc").asText(), newest.number("auc"), "");
        assertThat(perf.get(0).path("labelled").asText()).isEqualTo(String.valueOf((long) newest.number("labelled")));

        // SLO rows: the newest point of each (slo, burn window) series the backfill wrote for the model.
        JsonNode slo = browser.evaluate(tableRows("slo-table"));
        Map<String, LineProtocolReader.Line> newestSlo = new HashMap<>();
        for (LineProtocolReader.Line l : of("slo", "fraud-scorer")) {
            newestSlo.merge(l.tag("slo") + "/" + l.tag("window"), l, (a, b) -> a.timestamp >= b.timestamp ? a : b);
        }
        assertThat(newestSlo).isNotEmpty();
        assertThat(slo.size()).isEqualTo(newestSlo.size());
        boolean budgetSeen = false;
        for (JsonNode row : slo) {
            LineProtocolReader.Line p = newestSlo.get(row.path("slo").asText() + "/" + row.path("window").asText());
            assertThat(p).as("an slo series for row %s", row).isNotNull();
            assertThat(row.path("time").asText()).isEqualTo(minute(p.timestamp));
            assertShown(row.path("burn_rate").asText(), p.number("burn_rate"), "");
            assertShown(row.path("error_ratio").asText(), p.number("error_ratio") * 100, "%");
            assertThat(row.path("total").asText()).isEqualTo(String.format(java.util.Locale.US, "%,d", (long) p.number("total")));
            if (p.has("budget_remaining")) {
                assertShown(row.path("budget_remaining").asText(), p.number("budget_remaining") * 100, "%");
                budgetSeen = true;
            }
        }
        assertThat(budgetSeen).as("a period row with budget_remaining").isTrue();

        JsonNode alerts = browser.evaluate(tableRows("alerts-table"));
        List<LineProtocolReader.Line> expected = of("alerts", "fraud-scorer");
        assertThat(alerts.size()).isEqualTo(Math.min(15, expected.size())).isGreaterThanOrEqualTo(3);
        assertThat(browser.evaluate("document.querySelector('#alerts .count').textContent").asText()).contains("of " + expected.size());
        assertThat(alerts.findValuesAsText("rule")).contains("SLOBurnFast", "DataDriftDetected");
        assertThat(browser.evaluate("document.getElementById('system-alerts-table').querySelectorAll('tbody tr').length").asInt()).isEqualTo(1);
    }

    @Test
    void hostileNamesAppearAsTextNeverAsMarkup() throws Exception {
        String stored = storedHostileName();
        // In the DOM: the exact name as the text of one cell, and the description with </script> as text.
        JsonNode names = browser.evaluate("Array.from(document.querySelectorAll('#features td[data-col=name]')).map(td => td.textContent)");
        List<String> texts = new ArrayList<>();
        names.forEach(n -> texts.add(n.asText()));
        assertThat(texts).contains(stored);
        JsonNode descriptions = browser.evaluate("Array.from(document.querySelectorAll('#alerts-table td[data-col=description]')).map(td => td.textContent)");
        List<String> d = new ArrayList<>();
        descriptions.forEach(n -> d.add(n.asText()));
        String storedDescription = LineProtocolReader.read(data.extra).stream().filter(l -> l.measurement.equals("alerts"))
                .map(l -> (String) l.fields.get("description")).filter(s -> s != null && s.startsWith("burn")).findFirst().orElseThrow();
        assertThat(d).contains(storedDescription);
        // Nothing became markup: only the page's own three scripts, no element from a name, no dialog, no error.
        assertThat(browser.evaluate("document.querySelectorAll('script').length").asInt()).isEqualTo(3);
        assertThat(browser.evaluate("document.querySelectorAll('main script, main b, main img, main iframe').length").asInt()).isZero();
        assertThat(browser.evaluate("window.__dialogs").asInt()).isZero();
        // The feature picker (an <option> per top feature) holds the name as text too.
        JsonNode options = browser.evaluate("Array.from(document.querySelectorAll('#feature-select option')).map(o => o.textContent)");
        List<String> o = new ArrayList<>();
        options.forEach(n -> o.add(n.asText()));
        assertThat(o).anyMatch(s -> s.endsWith(". " + stored));
        // In the file: the markup never appears literally; the data block is JSON that gives the name back.
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).doesNotContain("<script>alert(").doesNotContain("alert(2)</script>");
        assertThat(ReportFixture.dataBlock(html)).doesNotContain("<").doesNotContain(">");
        assertThat(browser.problems()).isEmpty();
    }

    /** The hostile feature as the jobs stored it: line protocol writes its newline as the two characters \n. */
    private static String storedHostileName() {
        return of("feature_drift", "fraud-scorer").stream().map(l -> l.tag("feature")).filter(f -> f.startsWith("<script>"))
                .findFirst().orElseThrow(() -> new AssertionError("no hostile feature in the job's points"));
    }

    private static List<LineProtocolReader.Line> of(String measurement, String model) {
        return points.stream().filter(l -> l.measurement.equals(measurement) && model.equals(l.tag("model"))).collect(Collectors.toList());
    }

    private static String card(String key) {
        return browser.evaluate("document.querySelector('[data-value=\"" + key + "\"]').textContent").asText();
    }

    /** The rows of the table's current page, as objects column key -> text shown. */
    private static String tableRows(String id) {
        return "Array.from(document.querySelectorAll('#" + id + " tbody tr')).filter(tr => tr.dataset.row !== undefined)"
                + ".map(tr => Object.fromEntries(Array.from(tr.cells).map(td => [td.dataset.col, td.textContent])))";
    }

    private static String minute(long nanos) {
        return Instant.ofEpochMilli(nanos / 1_000_000).toString().substring(0, 16).replace('T', ' ');
    }

    /**
     * A number as shown for people ("1,234", "0.0123", "12.3 %", "179 ms", "2.5e-89") equals the point's value to the
     * three significant digits shown.
     */
    static void assertShown(String shown, double expected, String unit) {
        assertThat(shown).as("shown for %s", expected).endsWith(unit);
        String n = shown.substring(0, shown.length() - unit.length()).trim().replace(",", "");
        double v = Double.parseDouble(n);
        // Three significant digits (0.5 % of the value), two in exponent form below 0.001, whole numbers from 1,000.
        double a = Math.abs(expected);
        double tolerance = a >= 1000 ? 0.5 : a < 0.001 ? a * 0.05 : a * 0.005;
        assertThat(v).as("'%s' shows %s", shown, expected).isCloseTo(expected, within(tolerance));
    }
}
