package io.modelwatch.report;

import io.modelwatch.influx.LineProtocol;
import io.modelwatch.influx.Point;
import io.modelwatch.testing.LineProtocolReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report reads back what LineProtocol writes, with the same escaping as the tests' independent reader. */
class LineProtocolParserTest {

    static final List<String> HOSTILE = List.of("a b,c=d", "<script>alert(1)</script>", "say \"hi\"", "two\nlines", "cr\rhere",
            "back\\slash", "ends in \\", "a\\,b", "a\\ b", "=starts", "tab\there", "ünï ☃");

    @Test
    void hostileNamesAndEveryFieldTypeReadBackAsTheTestsReaderReadsThem() {
        for (String name : HOSTILE) {
            Point written = Point.builder("feature_drift").tag("model", name).tag("feature", name).tag("window", "1h")
                    .intField("count", 1234).field("psi", 0.123456789).field("mean", -1.5e-7).field("drift_alert", true)
                    .field("degenerate", false).field("drift_level", name).field(name, 3.0).timeNanos(1_764_000_000_000_000_000L).build();
            String line = LineProtocol.format(written);
            Point read = LineProtocolParser.parse(line);
            LineProtocolReader.Line oracle = LineProtocolReader.parse(line);

            assertThat(read.measurement).isEqualTo(oracle.measurement);
            Map<String, String> tags = new TreeMap<>();
            for (int i = 0; i < read.tagKeys.length; i++) tags.put(read.tagKeys[i], read.tagValues[i]);
            assertThat(tags).as(line).isEqualTo(oracle.tags);
            assertThat(read.timestampNanos).isEqualTo(oracle.timestamp);
            assertThat(read.fieldKeys).containsExactlyElementsOf(oracle.fields.keySet());
            for (Map.Entry<String, Object> e : oracle.fields.entrySet()) {
                Object v = e.getValue();
                if (v instanceof String) assertThat(read.string(e.getKey())).isEqualTo(v);
                else if (v instanceof Boolean) assertThat(read.number(e.getKey())).isEqualTo((Boolean) v ? 1.0 : 0.0);
                else assertThat(read.number(e.getKey())).isEqualTo(((Number) v).doubleValue());
            }
            assertThat(read.fieldKinds[0]).isEqualTo(Point.INTEGER);
            assertThat(read.fieldKinds[3]).isEqualTo(Point.BOOLEAN);
        }
    }

    @Test
    void aNameWithoutSeparatorsReadsBackUnchangedAndANewlineAsTheTwoCharactersTheWriterMadeOfIt() {
        Point p = LineProtocolParser.parse(LineProtocol.format(Point.builder("m").tag("feature", "<b>x</b> 'q' \"d\"")
                .tag("other", "two\nlines").field("s", "x\ny \"z\" \\").timeNanos(5).build()));
        assertThat(p.tag("feature")).isEqualTo("<b>x</b> 'q' \"d\"");
        assertThat(p.tag("other")).isEqualTo("two\\nlines");
        assertThat(p.string("s")).isEqualTo("x\\ny \"z\" \\");
    }

    @Test
    void filesAreReadWholeGzipToo(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("# a comment\n\n");
        for (int i = 0; i < 1000; i++) {
            sb.append(LineProtocol.format(Point.builder("model_serving").tag("model", "m" + (i % 3)).intField("count", i).timeNanos(i).build())).append('\n');
        }
        Path plain = dir.resolve("points.lp"), gz = dir.resolve("points.lp.gz");
        Files.writeString(plain, sb.toString(), StandardCharsets.UTF_8);
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (Path f : List.of(plain, gz)) {
            List<Point> read = new ArrayList<>();
            assertThat(LineProtocolParser.read(f, read::add)).isEqualTo(1000);
            assertThat(read.get(999).number("count")).isEqualTo(999.0);
            assertThat(read.get(998).tag("model")).isEqualTo("m2");
        }
    }

    @Test
    void aMalformedLineIsAnErrorNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.lp");
        Files.writeString(f, "m,model=a count=1i 1\nm,model=a count=\"open 2\n");
        assertThatThrownBy(() -> LineProtocolParser.read(f, p -> { }))
                .isInstanceOf(ReportException.class).hasMessageContaining("bad.lp:2").hasMessageContaining("unterminated");
        for (String bad : List.of("m", "m,model=a", "m,model count=1 1", "m count=1", "m count=x1 1", "m count=1 soon")) {
            assertThatThrownBy(() -> LineProtocolParser.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
