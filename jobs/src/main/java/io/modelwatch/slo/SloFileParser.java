package io.modelwatch.slo;

import io.modelwatch.alerts.LinedYaml;
import io.modelwatch.alerts.LinedYaml.Node;
import io.modelwatch.alerts.PrometheusDuration;
import io.modelwatch.alerts.RuleProblem;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads an SLO file (contract 3f) into {@link Slo}s and every problem found, each with its line, the way
 * {@code RuleFileParser} reads a rules file: the YAML as a token stream into a small tree that remembers the
 * line of every key and value.
 */
final class SloFileParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Set<String> SLO_KEYS = Set.of("name", "models", "objective", "good", "period");

    private final List<RuleProblem> problems = new ArrayList<>();
    private final LinedYaml yaml = new LinedYaml(problems);
    private final List<Slo> slos = new ArrayList<>();
    private final Map<String, Integer> nameLines = new HashMap<>();

    private SloFileParser() {}

    static SloFile.Check parse(InputStream in) throws IOException {
        SloFileParser p = new SloFileParser();
        p.parseFile(in);
        Collections.sort(p.problems);
        return new SloFile.Check(new SloSet(p.slos), List.copyOf(p.problems));
    }

    private void parseFile(InputStream in) throws IOException {
        Node root = yaml.read(in, "it needs 'slos:'");
        if (root == null) return;
        Map<String, Node> top = root.map();
        if (top == null) {
            problem(root.line(), "the file must be a mapping with 'slos:'");
            return;
        }
        yaml.unknownKeys(top, Set.of("slos"), "the file");
        Node list = top.get("slos");
        if (list == null) {
            problem(root.line(), "missing 'slos:'");
            return;
        }
        if (list.list() == null) {
            problem(list.line(), "slos must be a list (- name: ...)");
            return;
        }
        for (Node slo : list.list()) parseSlo(slo);
    }

    private void parseSlo(Node node) {
        Map<String, Node> map = node.map();
        if (map == null) {
            problem(node.line(), "an SLO must be a mapping (name:, objective:, good:, ...)");
            return;
        }
        int before = problems.size();
        yaml.unknownKeys(map, SLO_KEYS, "an SLO");

        Node nameNode = map.get("name");
        String name = nameNode == null ? null : nameNode.text();
        if (name == null || name.isBlank()) {
            problem(nameNode == null ? node.line() : nameNode.line(), "an SLO needs 'name: NAME'");
        } else if (!NAME.matcher(name).matches()) {
            problem(nameNode.line(), "SLO name '" + name + "' must match [A-Za-z_][A-Za-z0-9_]*");
        } else if (nameLines.containsKey(name)) {
            problem(nameNode.line(), "SLO name '" + name + "' is already used at line " + nameLines.get(name));
        } else {
            nameLines.put(name, nameNode.line());
        }

        List<String> models = List.of("*");
        Node modelsNode = map.get("models");
        if (modelsNode != null) {
            if (modelsNode.text() != null) {
                models = List.of(modelsNode.text());
            } else if (modelsNode.list() != null && !modelsNode.list().isEmpty()) {
                models = new ArrayList<>();
                for (Node glob : modelsNode.list()) {
                    if (glob.text() == null || glob.text().isEmpty()) {
                        problem(glob.line(), "a model pattern must be a non-empty string (a glob like fraud-*)");
                    } else {
                        models.add(glob.text());
                    }
                }
            } else {
                problem(modelsNode.line(), "models must be a list of glob patterns, like [\"*\"] or [fraud-*, ranker]");
            }
        }

        double objective = Double.NaN;
        Node objectiveNode = map.get("objective");
        if (objectiveNode == null) {
            problem(node.line(), "an SLO needs 'objective: PERCENT' (like 99.9)");
        } else if (objectiveNode.text() == null || !NUMBER.matcher(objectiveNode.text().strip()).matches()) {
            problem(objectiveNode.line(), "objective must be a number of percent, like 99.9");
        } else {
            objective = Double.parseDouble(objectiveNode.text().strip());
            if (!(objective > 0 && objective < 100)) {
                problem(objectiveNode.line(), "objective " + objectiveNode.text().strip()
                        + " must be above 0 and below 100 (percent of good events)");
            }
        }

        GoodRule good = null;
        Node goodNode = map.get("good");
        if (goodNode == null) {
            problem(node.line(), "an SLO needs 'good:' (like: status in (ok, fallback), or: latency_ms <= 500)");
        } else if (goodNode.text() == null) {
            problem(goodNode.line(), "good needs a rule: FIELD OP NUMBER or status in (...)");
        } else {
            try {
                good = GoodRule.parse(goodNode.text());
            } catch (IllegalArgumentException e) {
                problem(goodNode.line(), e.getMessage());
            }
        }

        long period = Slo.DEFAULT_PERIOD_MILLIS;
        Node periodNode = map.get("period");
        if (periodNode != null) {
            long millis = periodNode.text() == null ? -1 : PrometheusDuration.parseMillis(periodNode.text().strip());
            if (millis < 60_000 || millis % 60_000 != 0) {
                problem(periodNode.line(), "period '" + periodNode.text() + "' must be a duration of whole minutes, like 30d or 7d");
            } else if (millis > 400L * 86_400_000L) {
                problem(periodNode.line(), "period '" + periodNode.text() + "' is longer than 400d");
            } else {
                period = millis;
            }
        }

        if (problems.size() == before && name != null && good != null) {
            slos.add(new Slo(name, models, objective, good, period));
        }
    }

    private void problem(int line, String message) {
        problems.add(new RuleProblem(line, message));
    }
}
