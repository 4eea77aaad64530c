package io.modelwatch.alerts;

import io.modelwatch.alerts.LinedYaml.Node;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Prometheus-shaped rules file into {@link AlertRule}s and every problem found, each with the line
 * it is on. The YAML is read as a token stream (Jackson's YAML parser) into a small tree that remembers the
 * line of every key and value, so a problem names the line to fix.
 */
final class RuleFileParser {
    private static final Pattern THRESHOLD_EXPR = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)\\s*([<>=!]+)\\s*(\\S+)\\s*");
    private static final Pattern ABSENT_EXPR = Pattern.compile("\\s*absent\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SEVERITY = Pattern.compile("P[0-3]");
    private static final Set<String> TOP_KEYS = Set.of("groups");
    private static final Set<String> GROUP_KEYS = Set.of("name", "rules");
    private static final Set<String> RULE_KEYS = Set.of("alert", "expr", "for", "labels", "annotations");
    private static final Set<String> ANNOTATION_KEYS = Set.of("summary", "description");

    private final List<RuleProblem> problems = new ArrayList<>();
    private final LinedYaml yaml = new LinedYaml(problems);
    private final List<AlertRule> rules = new ArrayList<>();
    private final Map<String, Integer> alertNameLines = new HashMap<>();

    private RuleFileParser() {}

    static AlertRules.Check parse(InputStream in) throws IOException {
        RuleFileParser parser = new RuleFileParser();
        parser.parseFile(in);
        Collections.sort(parser.problems);
        return new AlertRules.Check(AlertRules.of(parser.rules), List.copyOf(parser.problems));
    }

    private void parseFile(InputStream in) throws IOException {
        Node root = yaml.read(in, "it needs 'groups:'");
        if (root == null) return;
        Map<String, Node> top = expectMap(root, "the file");
        if (top == null) return;
        yaml.unknownKeys(top, TOP_KEYS, "the file");
        Node groups = top.get("groups");
        if (groups == null) {
            problem(root.line(), "missing 'groups:'");
            return;
        }
        List<Node> groupList = expectList(groups, "groups");
        if (groupList == null) return;
        for (Node group : groupList) parseGroup(group);
    }

    // ---- groups and rules ----

    private void parseGroup(Node group) {
        Map<String, Node> map = expectMap(group, "a group");
        if (map == null) return;
        yaml.unknownKeys(map, GROUP_KEYS, "a group");
        if (text(map.get("name")) == null) problem(group.line(), "a group needs a 'name:'");
        Node rulesNode = map.get("rules");
        if (rulesNode == null) {
            problem(group.line(), "a group needs 'rules:'");
            return;
        }
        List<Node> ruleList = expectList(rulesNode, "rules");
        if (ruleList == null) return;
        for (Node rule : ruleList) parseRule(rule);
    }

    private void parseRule(Node ruleNode) {
        Map<String, Node> map = expectMap(ruleNode, "a rule");
        if (map == null) return;
        if (map.containsKey("record")) {
            problem(map.get("record").keyLine(), "recording rules ('record:') are not supported; only 'alert:' rules");
            return;
        }
        int before = problems.size();
        yaml.unknownKeys(map, RULE_KEYS, "a rule");

        String name = text(map.get("alert"));
        if (name == null || name.isBlank()) {
            problem(ruleNode.line(), "a rule needs 'alert: NAME'");
        } else if (!LABEL_NAME.matcher(name).matches()) {
            problem(map.get("alert").line(), "alert name '" + name + "' must match [A-Za-z_][A-Za-z0-9_]*");
        } else if (alertNameLines.containsKey(name)) {
            problem(map.get("alert").line(), "alert name '" + name + "' is already used at line "
                    + alertNameLines.get(name));
        } else {
            alertNameLines.put(name, map.get("alert").line());
        }

        AlertRule rule = parseExpr(map.get("expr"), ruleNode.line(), name == null ? "?" : name);
        long forMillis = parseFor(map.get("for"));
        String severity = null;
        Map<String, String> extraLabels = new TreeMap<>();
        Node labels = map.get("labels");
        Map<String, Node> labelMap = labels == null ? null : expectMap(labels, "labels");
        if (labels == null || labels.value() == null) {
            problem(labels == null ? ruleNode.line() : labels.keyLine(), "missing severity: add 'labels: {severity: P0..P3}'");
        } else if (labelMap != null) {
            for (Map.Entry<String, Node> label : labelMap.entrySet()) {
                String value = scalar(label.getValue(), "label " + label.getKey());
                if (value == null) continue;
                if (label.getKey().equals("severity")) {
                    severity = value;
                    if (!SEVERITY.matcher(value).matches()) {
                        problem(label.getValue().line(), "severity '" + value + "' is not one of P0, P1, P2, P3");
                    }
                } else if (label.getKey().equals("alertname") || label.getKey().equals("rule")) {
                    problem(label.getValue().line(), "label '" + label.getKey() + "' is set by modelwatch");
                } else if (!LABEL_NAME.matcher(label.getKey()).matches()) {
                    problem(label.getValue().line(), "label name '" + label.getKey() + "' must match [A-Za-z_][A-Za-z0-9_]*");
                } else {
                    extraLabels.put(label.getKey(), value);
                }
            }
            if (severity == null) problem(labels.keyLine(), "missing severity: add 'severity: P0..P3' to labels");
        }

        String summary = null, description = null;
        Node annotations = map.get("annotations");
        Map<String, Node> annotationMap = annotations == null || annotations.value() == null
                ? null : expectMap(annotations, "annotations");
        if (annotationMap != null) {
            yaml.unknownKeys(annotationMap, ANNOTATION_KEYS, "annotations");
            summary = annotation(annotationMap.get("summary"));
            description = annotation(annotationMap.get("description"));
        }

        if (problems.size() == before && rule != null && forMillis >= 0 && severity != null) {
            rules.add(rule.withForAndSeverity(forMillis, severity)
                    .withExtraLabels(extraLabels)
                    .withAnnotations(summary, description));
        }
    }

    /** The rule the expression describes (with for 0 and a placeholder severity), or null after a problem. */
    private AlertRule parseExpr(Node node, int ruleLine, String name) {
        if (node == null) {
            problem(ruleLine, "a rule needs 'expr:'");
            return null;
        }
        String written = scalar(node, "expr");
        if (written == null) return null;
        // the series selector {tag="v", ...} is cut out first; the rest is read as before
        Selector selector = Selector.cut(written);
        if (selector.problem != null) {
            problem(node.line(), selector.problem);
            return null;
        }
        String expr = selector.rest;
        Matcher absent = ABSENT_EXPR.matcher(expr);
        if (absent.matches()) {
            String measurement = absent.group(1);
            if (!knownMeasurement(measurement, node.line())) return null;
            List<TagMatcher> matchers = matchers(selector, measurement, node.line());
            return matchers == null ? null : AlertRule.absence(name, measurement, 0, "P3").withMatchers(matchers);
        }
        Matcher m = THRESHOLD_EXPR.matcher(expr);
        if (!m.matches()) {
            problem(node.line(), "cannot read expr '" + expr.strip()
                    + "': write MEASUREMENT.FIELD OP NUMBER or absent(MEASUREMENT)");
            return null;
        }
        String measurement = m.group(1), field = m.group(2), op = m.group(3), number = m.group(4);
        boolean ok = knownMeasurement(measurement, node.line());
        if (ok) {
            String fieldProblem = ContractFields.fieldProblem(measurement, field);
            if (fieldProblem != null) {
                problem(node.line(), fieldProblem);
                ok = false;
            }
        }
        Comparison comparison = Comparison.ofSymbol(op);
        if (comparison == null) {
            problem(node.line(), "bad operator '" + op + "' in expr: use one of > >= < <= == !=");
            ok = false;
        }
        if (!NUMBER.matcher(number).matches()) {
            problem(node.line(), "'" + number + "' in expr is not a number");
            ok = false;
        }
        List<TagMatcher> matchers = ok ? matchers(selector, measurement, node.line()) : null;
        return matchers != null
                ? AlertRule.threshold(name, measurement, field, comparison, Double.parseDouble(number), 0, "P3")
                        .withMatchers(matchers)
                : null;
    }

    /** The selector's matchers, each tag checked against the measurement and each regex compiled; null after a problem. */
    private List<TagMatcher> matchers(Selector selector, String measurement, int line) {
        List<TagMatcher> out = new ArrayList<>();
        boolean ok = true;
        for (String[] m : selector.matchers) {
            String tag = m[0], op = m[1], value = m[2];
            Set<String> tags = ContractFields.tags(measurement);
            if (!tags.contains(tag)) {
                problem(line, "unknown tag '" + tag + "' of measurement " + measurement
                        + " (known: " + String.join(", ", new java.util.TreeSet<>(tags)) + ")");
                ok = false;
                continue;
            }
            try {
                out.add(new TagMatcher(tag, TagMatcher.Op.ofSymbol(op), value));
            } catch (java.util.regex.PatternSyntaxException e) {
                problem(line, "bad regular expression '" + value + "' for tag " + tag + ": "
                        + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /**
     * The {@code {...}} of an expression, cut out: its matchers as (tag, op, value) and the expression without it.
     * Values are quoted with " or ' and may hold \" and \\ escapes (and braces and commas).
     */
    static final class Selector {
        private static final Pattern MATCHER_START = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*");

        final List<String[]> matchers = new ArrayList<>();
        String rest;
        String problem;

        static Selector cut(String expr) {
            Selector s = new Selector();
            int open = expr.indexOf('{');
            if (open < 0) {
                s.rest = expr;
                return s;
            }
            int i = open + 1;
            while (true) {
                while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) i++;
                if (i < expr.length() && expr.charAt(i) == '}') break;
                Matcher m = MATCHER_START.matcher(expr).region(i, expr.length());
                if (!m.lookingAt()) return s.fail(expr, "write tag=\"value\", tag!=\"value\", tag=~\"regex\" or tag!~\"regex\"");
                i = m.end();
                if (i >= expr.length() || expr.charAt(i) != '"' && expr.charAt(i) != '\'') {
                    return s.fail(expr, "the value of " + m.group(1) + " must be quoted (\"value\")");
                }
                char quote = expr.charAt(i++);
                StringBuilder value = new StringBuilder();
                while (i < expr.length() && expr.charAt(i) != quote) {
                    char c = expr.charAt(i++);
                    if (c == '\\' && i < expr.length()) c = expr.charAt(i++);
                    value.append(c);
                }
                if (i >= expr.length()) return s.fail(expr, "a quoted value is not closed");
                i++;
                s.matchers.add(new String[] {m.group(1), m.group(2), value.toString()});
                while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) i++;
                if (i < expr.length() && expr.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < expr.length() && expr.charAt(i) == '}') break;
                return s.fail(expr, "matchers are separated by ',' and closed by '}'");
            }
            s.rest = expr.substring(0, open) + expr.substring(i + 1);
            if (s.rest.indexOf('{') >= 0) return s.fail(expr, "only one {...} selector is allowed");
            return s;
        }

        private Selector fail(String expr, String why) {
            problem = "cannot read the selector of expr '" + expr.strip() + "': " + why;
            return this;
        }
    }

    private boolean knownMeasurement(String measurement, int line) {
        if (measurement.equals("alerts")) {
            problem(line, "rules cannot watch the alerts measurement");
            return false;
        }
        if (!ContractFields.isMeasurement(measurement)) {
            problem(line, "unknown measurement '" + measurement + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(ContractFields.measurements())) + ")");
            return false;
        }
        return true;
    }

    /** The {@code for} duration in ms (0 when absent), or -1 after a problem. */
    private long parseFor(Node node) {
        if (node == null) return 0;
        String text = scalar(node, "for");
        if (text == null) return -1;
        long millis = PrometheusDuration.parseMillis(text);
        if (millis < 0) {
            problem(node.line(), "bad duration 'for: " + text + "': write it like 30s, 5m, 1h or 0");
        }
        return millis;
    }

    private String annotation(Node node) {
        if (node == null) return null;
        String text = scalar(node, "an annotation");
        if (text == null) return null;
        String templateProblem = AnnotationTemplate.problem(text);
        if (templateProblem != null) problem(node.line(), templateProblem);
        return text;
    }

    // ---- helpers ----

    private Map<String, Node> expectMap(Node node, String what) {
        if (node.map() == null) problem(node.line(), what + " must be a mapping (key: value)");
        return node.map();
    }

    private List<Node> expectList(Node node, String what) {
        if (node.list() == null) problem(node.line(), what + " must be a list (- item)");
        return node.list();
    }

    private String scalar(Node node, String what) {
        if (node.text() == null) problem(node.line(), what + " needs a value");
        return node.text();
    }

    private static String text(Node node) {
        return node == null ? null : node.text();
    }

    private void problem(int line, String message) {
        problems.add(new RuleProblem(line, message));
    }
}
