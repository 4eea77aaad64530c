package io.modelwatch.alerts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the two template forms a rules file may use in annotations, as Prometheus renders them:
 * {@code {{ $labels.NAME }}} (the series tag; {@code <no value>} when the series has no such tag, as Go's
 * text/template prints a missing map key) and {@code {{ $value }}} (the value that caused the transition,
 * printed as Go prints a float64: shortest digits, exponent form below 1e-4 and from 1e6 up, e.g.
 * {@code 0.07}, {@code 5000}, {@code 1.5e+06}). Any other {@code {{ ... }}} is refused by {@code rules check}.
 */
final class AnnotationTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?\\}\\}");
    private static final Pattern LABEL = Pattern.compile("\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final String VALUE = "$value";

    private AnnotationTemplate() {}

    /** The template with its actions replaced. */
    public static String render(String template, Map<String, String> labels, double value) {
        if (template == null || template.isEmpty()) return "";
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String action = m.group(1);
            String replacement;
            Matcher label = LABEL.matcher(action);
            if (action.equals(VALUE)) {
                replacement = formatValue(value);
            } else if (label.matches()) {
                String v = labels.get(label.group(1));
                replacement = v == null ? "<no value>" : v;
            } else {
                replacement = m.group(); // left as written; rules check refuses it
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Null when every action of the template is one of the two supported forms, else the problem. */
    static String problem(String template) {
        Matcher m = ACTION.matcher(template);
        while (m.find()) {
            String action = m.group(1);
            if (!action.equals(VALUE) && !LABEL.matcher(action).matches()) {
                return "unsupported template '" + m.group() + "': use {{ $labels.NAME }} or {{ $value }}";
            }
        }
        String rest = ACTION.matcher(template).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            return "unbalanced '{{' / '}}' in template '" + template + "'";
        }
        return null;
    }

    /** A float64 as Go's fmt prints it with %v (strconv 'g', shortest digits). */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        BigDecimal shortest = shortest(v);
        String digits = shortest.unscaledValue().abs().toString();
        digits = digits.replaceFirst("0+$", "");
        if (digits.isEmpty()) digits = "0";
        // decimal exponent of the first digit
        int exp = shortest.precision() - shortest.scale() - 1;
        StringBuilder sb = new StringBuilder();
        if (v < 0) sb.append('-');
        if (exp < -4 || exp >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) sb.append('0');
            sb.append(abs);
        } else if (exp < 0) {
            sb.append("0.");
            for (int i = -1; i > exp; i--) sb.append('0');
            sb.append(digits);
        } else if (digits.length() <= exp + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exp; i++) sb.append('0');
        } else {
            sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return sb.toString();
    }

    /** The fewest significant digits that read back as exactly v (what Go's shortest formatting prints). */
    private static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == v) return rounded;
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
