package io.modelwatch.cli;

import io.modelwatch.redact.RedactionException;
import io.modelwatch.redact.RedactionFile;
import io.modelwatch.redact.RedactionRules;
import io.modelwatch.redact.Redactor;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --redact FILE} of the commands that store input records (a picocli mixin; contract 3c). */
public final class RedactOptions {

    @Option(names = "--redact", paramLabel = "FILE",
            description = "Redact every stored copy of an input record (dead letters, anomaly records): YAML "
                    + "'fields: {PATH: drop|hash|mask}', PATH like user_id or features.email; hash is HMAC-SHA256 keyed by "
                    + "$" + RedactionRules.KEY_ENV + ". A line that is no JSON object is stored as its length and SHA-256 (docs/quality.md).")
    Path file;

    /** The rules of --redact, checked (and the key there when a rule hashes), or null without it. */
    RedactionRules rules() {
        if (file == null) return null;
        try {
            RedactionRules rules = RedactionFile.load(file);
            Redactor.fromEnvironment(rules); // a hash rule without the key refuses to start, here and now
            return rules;
        } catch (RedactionException e) {
            throw new UsageException("--redact: " + e.getMessage());
        }
    }
}
