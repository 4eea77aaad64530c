package io.modelwatch.alerts;

/** A problem of a rules file, at a line (1-based) of it. */
public record RuleProblem(int line, String message) implements Comparable<RuleProblem> {
    @Override
    public int compareTo(RuleProblem other) {
        return Integer.compare(line, other.line);
    }

    /** {@code FILE:LINE: message}, as compilers print it. */
    public String format(String file) {
        return file + ":" + line + ": " + message;
    }
}
