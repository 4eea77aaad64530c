package io.modelwatch.alerts;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationTemplateTest {

    @Test
    void labelsAndValueAreRenderedAsPrometheusDoes() {
        assertThat(AnnotationTemplate.render("{{ $labels.model }}: error rate {{ $value }} over 5 minutes",
                Map.of("model", "fraud-v2"), 0.07)).isEqualTo("fraud-v2: error rate 0.07 over 5 minutes");
        assertThat(AnnotationTemplate.render("{{$labels.model}}/{{$value}}", Map.of("model", "m"), 3))
                .isEqualTo("m/3");
    }

    @Test
    void aMissingLabelIsNoValueAsInGoTemplates() {
        assertThat(AnnotationTemplate.render("host {{ $labels.host }}", Map.of(), 1)).isEqualTo("host <no value>");
    }

    @Test
    void aReplacementWithDollarsAndBackslashesIsLiteral() {
        assertThat(AnnotationTemplate.render("{{ $labels.f }}", Map.of("f", "a$1\\b"), 1)).isEqualTo("a$1\\b");
    }

    @Test
    void valuesPrintAsGoPrintsAFloat64() {
        // golden values: fmt.Sprint(float64) in Go
        assertThat(AnnotationTemplate.formatValue(0.07)).isEqualTo("0.07");
        assertThat(AnnotationTemplate.formatValue(5000)).isEqualTo("5000");
        assertThat(AnnotationTemplate.formatValue(123456)).isEqualTo("123456");
        assertThat(AnnotationTemplate.formatValue(1234567)).isEqualTo("1.234567e+06");
        assertThat(AnnotationTemplate.formatValue(1e6)).isEqualTo("1e+06");
        assertThat(AnnotationTemplate.formatValue(0.0001)).isEqualTo("0.0001");
        assertThat(AnnotationTemplate.formatValue(0.00001234)).isEqualTo("1.234e-05");
        assertThat(AnnotationTemplate.formatValue(-2.5)).isEqualTo("-2.5");
        assertThat(AnnotationTemplate.formatValue(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(AnnotationTemplate.formatValue(1e21)).isEqualTo("1e+21");
        assertThat(AnnotationTemplate.formatValue(0)).isEqualTo("0");
        assertThat(AnnotationTemplate.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(AnnotationTemplate.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void otherTemplateFormsAreProblems() {
        assertThat(AnnotationTemplate.problem("{{ $value }} and {{ $labels.x }}")).isNull();
        assertThat(AnnotationTemplate.problem("{{ $value | humanize }}")).contains("unsupported template");
        assertThat(AnnotationTemplate.problem("{{ .Labels.x }}")).contains("unsupported template");
        assertThat(AnnotationTemplate.problem("rate {{ $value")).contains("unbalanced");
    }
}
