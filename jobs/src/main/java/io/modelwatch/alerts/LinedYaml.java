package io.modelwatch.alerts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML file as a small tree that remembers the line of every key and value, so a problem names the line to
 * fix: the reading the rules file ({@link RuleFileParser}) and the SLO file ({@code slo.SloFileParser}) share.
 * Read as a token stream (Jackson's YAML parser); what is wrong with the YAML itself (not YAML, a duplicate
 * key, an empty file) goes to the problems, with what to do about it.
 */
public final class LinedYaml {
    private final List<RuleProblem> problems;

    /** Reads into {@code problems}. */
    public LinedYaml(List<RuleProblem> problems) {
        this.problems = problems;
    }

    /**
     * A YAML value with the line it starts on (and, inside a mapping, the line of its key): a Map (key ->
     * Node), a List of Node, a String, or null.
     */
    public record Node(Object value, int line, int keyLine) {
        Node(Object value, int line) {
            this(value, line, line);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Node> map() { return value instanceof Map ? (Map<String, Node>) value : null; }
        @SuppressWarnings("unchecked")
        public List<Node> list() { return value instanceof List ? (List<Node>) value : null; }
        public String text() { return value instanceof String ? (String) value : null; }
    }

    /**
     * The file's tree, or null when there is none to check further (then the problem is recorded):
     * {@code empty} is what to say of an empty file ("it needs 'groups:'").
     */
    public Node read(InputStream in, String empty) throws IOException {
        try (JsonParser yaml = new YAMLFactory().createParser(in)) {
            if (yaml.nextToken() == null) {
                problem(1, "the file is empty; " + empty);
                return null;
            }
            return read(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            MarkedYAMLException marked = null;
            for (Throwable t = e; t != null && marked == null; t = t.getCause()) {
                if (t instanceof MarkedYAMLException m) marked = m;
            }
            if (marked != null && marked.getProblemMark() != null) {
                problem(marked.getProblemMark().getLine() + 1, yamlProblem(marked));
            } else {
                problem(line, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
            return null;
        }
    }

    /**
     * SnakeYAML's complaint as something to fix: where (line, column), what it found, where the enclosing
     * mapping or list began, and the likely cause. "while parsing a block mapping" alone tells a user nothing.
     */
    static String yamlProblem(MarkedYAMLException e) {
        Mark at = e.getProblemMark(), from = e.getContextMark();
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        String context = e.getContext() == null ? "" : e.getContext().strip();
        int line = at.getLine() + 1, column = at.getColumn() + 1;
        StringBuilder sb = new StringBuilder("column ").append(column).append(": not valid YAML: ").append(problem);
        if (!context.isEmpty() && from != null) {
            sb.append(" (").append(context).append(" that starts at line ").append(from.getLine() + 1)
                    .append(", column ").append(from.getColumn() + 1).append(")");
        }
        String hint;
        if (problem.toLowerCase(java.util.Locale.ROOT).contains("(tab)") || problem.contains("'\\t'")) {
            hint = "YAML indents with spaces only: replace the tab on line " + line + " with spaces";
        } else if (problem.startsWith("expected <block end>") && from != null && context.contains("collection")) {
            hint = "line " + line + " is indented between the '-' of the list at line " + (from.getLine() + 1)
                    + " (column " + (from.getColumn() + 1) + ") and the keys of its item: indent it like the keys "
                    + "of the item above it, or start a new item with '- ' at column " + (from.getColumn() + 1);
        } else if (problem.startsWith("expected <block end>") && from != null) {
            hint = "line " + line + " is indented differently from the keys of the mapping above it: indent it to column "
                    + (from.getColumn() + 1) + " like its sibling keys, or further to nest it under a key";
        } else if (problem.startsWith("mapping values are not allowed")) {
            hint = "a ':' where a value was expected: indent a nested key under its parent key, or quote a value "
                    + "that holds ': ' (like summary: \"Error: high\")";
        } else if (problem.startsWith("could not find expected ':'")) {
            hint = "line " + line + " is neither 'key: value' nor '- item': add the ':' or close the quote of the line before";
        } else if (problem.contains("did not find expected key") || problem.contains("did not find expected '-'")) {
            hint = "check the indentation of line " + line + " (the same number of spaces for keys of one mapping, "
                    + "for the '-' of one list) and that quotes and brackets before it are closed";
        } else if (problem.contains("expected ',' or ']'") || problem.contains("expected ',' or '}'")) {
            hint = "a [ or { that is not closed on its line: close it, or write the list one '- item' per line";
        } else if (problem.contains("end of stream") || problem.contains("quoted scalar")) {
            hint = "a quote that is never closed: every \" or ' needs its partner on the same line";
        } else {
            hint = "check the indentation (spaces only; keys of one mapping aligned) and the quotes around line " + line;
        }
        return sb.append(": ").append(hint).toString();
    }

    private Node read(JsonParser yaml) throws IOException {
        JsonToken token = yaml.currentToken();
        int line = yaml.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Node> map = new LinkedHashMap<>();
            while (yaml.nextToken() == JsonToken.FIELD_NAME) {
                String key = yaml.currentName();
                int keyLine = yaml.currentTokenLocation().getLineNr();
                yaml.nextToken();
                Node value = read(yaml);
                if (map.containsKey(key)) {
                    problem(keyLine, "duplicate key '" + key + "' (first at line " + map.get(key).line() + ")");
                } else {
                    // a key whose value is empty is reported at the key's line
                    map.put(key, new Node(value.value(), value.value() == null ? keyLine : value.line(), keyLine));
                }
            }
            return new Node(map, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> list = new ArrayList<>();
            while (yaml.nextToken() != JsonToken.END_ARRAY) list.add(read(yaml));
            return new Node(list, line);
        }
        if (token == JsonToken.VALUE_NULL) return new Node(null, line);
        return new Node(yaml.getText(), line);
    }

    /** A problem for each key of {@code map} not in {@code known}, naming the known ones. */
    public void unknownKeys(Map<String, Node> map, Set<String> known, String where) {
        for (Map.Entry<String, Node> e : map.entrySet()) {
            if (!known.contains(e.getKey())) {
                problem(e.getValue().keyLine(), "unknown key '" + e.getKey() + "' in " + where
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private void problem(int line, String message) {
        problems.add(new RuleProblem(line, message));
    }
}
