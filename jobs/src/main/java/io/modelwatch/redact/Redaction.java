package io.modelwatch.redact;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where a job's stored records pass through {@code --redact} (contract 3c). Every job sends its dead letters
 * (bad, late, orphan, ... records, from whichever operator) through {@link #deadLetters} right before their sink,
 * file or Kafka topic, so no path to storage bypasses it. Without rules the graph is left as it was.
 */
public final class Redaction {
    private Redaction() {}

    /** {@code deadLetters} redacted by {@code rules}; unchanged when {@code rules} is null. */
    public static DataStream<String> deadLetters(DataStream<String> deadLetters, RedactionRules rules) {
        if (rules == null) return deadLetters;
        return deadLetters.map(new RedactDeadLetters(rules), Types.STRING)
                .name("redact-dead-letters").uid("redact-dead-letters");
    }
}
