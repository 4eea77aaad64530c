package io.modelwatch.influx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineProtocolTest {

    private static String featureTag(String name) {
        String line = LineProtocol.format(Point.builder("m").tag("feature", name).field("v", 1.0).timeNanos(1).build());
        return line.substring("m,feature=".length(), line.length() - " v=1.0 1".length());
    }

    @Test
    void separatorsInNamesAreEscaped() {
        assertThat(featureTag("a b,c=d")).isEqualTo("a\\ b\\,c\\=d");
    }

    @Test
    void newlineIsWrittenAsTheTwoCharactersBackslashN() {
        assertThat(featureTag("x\nfake,host=a value=1")).isEqualTo("x\\nfake\\,host\\=a\\ value\\=1");
    }

    @Test
    void backslashInsideANameIsLeftAlone() {
        assertThat(featureTag("back\\slash")).isEqualTo("back\\slash");
    }

    @Test
    void backslashBeforeASeparatorIsDoubled() {
        assertThat(featureTag("a\\,b")).isEqualTo("a\\\\\\,b");
    }

    @Test
    void trailingBackslashGetsAnUnderscoreSoInfluxDb1CanParseIt() {
        assertThat(featureTag("a\\")).isEqualTo("a\\_");
        assertThat(featureTag("a\\\\")).isEqualTo("a\\\\_");
    }

    @Test
    void emptyTagValueIsLeftOut() {
        assertThat(LineProtocol.format(Point.builder("m").tag("feature", "").field("v", 1.0).timeNanos(5).build()))
                .isEqualTo("m v=1.0 5");
    }
}
