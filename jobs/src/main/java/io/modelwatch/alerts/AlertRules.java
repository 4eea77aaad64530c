package io.modelwatch.alerts;


import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a rules file (contract section 6), validated. {@link #load(Path)} refuses a file with any
 * problem; {@link #check(Path)} lists the problems, each with its line, for {@code modelwatch rules check}.
 */
public final class AlertRules implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<AlertRule> rules;

    private AlertRules(List<AlertRule> rules) {
        this.rules = new ArrayList<>(rules);
    }

    public static AlertRules of(AlertRule... rules) {
        return new AlertRules(List.of(rules));
    }

    public static AlertRules of(List<AlertRule> rules) {
        return new AlertRules(rules);
    }

    /** The rules of a file; a file with problems is refused with the first of them (exit status 2). */
    public static AlertRules load(Path file) {
        Check check = check(file);
        if (!check.problems().isEmpty()) {
            RuleProblem first = check.problems().get(0);
            int more = check.problems().size() - 1;
            throw new RulesException("--rules " + first.format(file.toString())
                    + (more > 0 ? " (and " + more + " more; run: modelwatch rules check " + file + ")" : ""));
        }
        return check.rules();
    }

    /** Parses and validates a rules file; an unreadable file is a usage error. */
    public static Check check(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return RuleFileParser.parse(in);
        } catch (IOException e) {
            throw new RulesException("cannot read rules file " + file + ": " + e.getMessage(), e);
        }
    }

    public List<AlertRule> all() {
        return List.copyOf(rules);
    }

    public int size() {
        return rules.size();
    }

    public AlertRule get(String name) {
        for (AlertRule rule : rules) {
            if (rule.name().equals(name)) return rule;
        }
        return null;
    }

    /** The outcome of a check: the rules that are valid and the problems, ordered by line. */
    public record Check(AlertRules rules, List<RuleProblem> problems) {}
}
