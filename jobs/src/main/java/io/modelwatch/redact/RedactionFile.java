package io.modelwatch.redact;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code --redact} file (contract 3c): {@code fields: {PATH: drop|hash|mask}}, as a YAML token stream so
 * that a problem names its line. Anything else in the file is refused: a typo in a redaction file must not
 * silently store what it meant to hide.
 */
public final class RedactionFile {
    private RedactionFile() {}

    public static RedactionRules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new RedactionException("redaction file " + file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    static RedactionRules parse(InputStream in, String name) throws IOException {
        Map<String, RedactionRules.Action> fields = new LinkedHashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(in)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) throw problem(name, p, "expected 'fields:' with PATH: drop|hash|mask");
            boolean sawFields = false;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!key.equals("fields")) throw problem(name, p, "unknown key '" + key + "' (only 'fields')");
                sawFields = true;
                if (p.nextToken() != JsonToken.START_OBJECT) throw problem(name, p, "'fields' must map PATH to drop, hash or mask");
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String path = p.currentName();
                    JsonToken v = p.nextToken();
                    RedactionRules.Action a = v == JsonToken.VALUE_STRING ? RedactionRules.Action.parse(p.getText()) : null;
                    if (a == null) throw problem(name, p, "field '" + path + "': the action must be drop, hash or mask");
                    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".")) {
                        throw problem(name, p, "field '" + path + "': not a PATH like user_id or features.email");
                    }
                    if (fields.put(path, a) != null) throw problem(name, p, "field '" + path + "' is given twice");
                }
            }
            if (!sawFields || fields.isEmpty()) throw new RedactionException("redaction file " + name + ": no rule under 'fields:'");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RedactionException("redaction file " + name + ": not valid YAML (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
        return new RedactionRules(fields);
    }

    private static RedactionException problem(String name, JsonParser p, String what) {
        return new RedactionException("redaction file " + name + " line " + p.currentLocation().getLineNr() + ": " + what);
    }
}
