package io.modelwatch.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The page around the data: a static skeleton, the stylesheet, the data block, the chart library and the
 * page's script, all inline. A Content-Security-Policy of {@code default-src 'none'} makes the "no network at
 * view time" promise checkable: the browser refuses any fetch, and says so in its console.
 */
final class HtmlPage {
    /** The WebJar the build unpacks into the classes (jobs/pom.xml, execution report-chart-library). */
    static final String ECHARTS_VERSION = "5.3.1";
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";

    private HtmlPage() {}

    interface Body {
        void writeJson(Writer out) throws IOException;
    }

    static void write(Writer out, Body data) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
                + "style-src 'unsafe-inline'; img-src data:\">\n"
                + "<title>modelwatch report</title>\n<style>\n");
        out.write(resource("/io/modelwatch/report/report.css"));
        out.write("</style>\n</head>\n<body>\n<header>\n<h1 id=\"title\">modelwatch report</h1>\n<div class=\"meta\" id=\"meta\"></div>\n"
                + "<div class=\"picker\"><label for=\"unit-select\">Model</label><select id=\"unit-select\"></select>"
                + "<input id=\"unit-filter\" type=\"search\" placeholder=\"filter models\" aria-label=\"filter models\"></div>\n"
                + "</header>\n<main id=\"report\"></main>\n<footer id=\"footer\"></footer>\n"
                + "<script type=\"application/json\" id=\"report-data\">");
        data.writeJson(out);
        out.write("</script>\n<script>\n");
        out.write(script(resource(ECHARTS)));
        out.write("\n</script>\n<script>\n");
        out.write(script(resource("/io/modelwatch/report/report.js")));
        out.write("\n</script>\n</body>\n</html>\n");
    }

    /** Inline script text must not hold {@code </script}; in JavaScript {@code <\/} means the same inside strings. */
    private static String script(String js) {
        return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT");
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = HtmlPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new ReportException("the report's resource " + path + " is missing from the jar (rebuild: mvn -DskipTests package)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
