package io.modelwatch.redact;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Redacts each dead letter before it is stored ({@link Redactor#deadLetter}). The HMAC key is read from the
 * environment of the task that runs it, when it opens: the key is never part of the job graph.
 */
final class RedactDeadLetters extends RichMapFunction<String, String> {
    private static final long serialVersionUID = 1L;

    private final RedactionRules rules;
    private transient Redactor redactor;

    RedactDeadLetters(RedactionRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext context) {
        redactor = Redactor.fromEnvironment(rules);
    }

    @Override
    public String map(String deadLetter) {
        return redactor.deadLetter(deadLetter);
    }
}
