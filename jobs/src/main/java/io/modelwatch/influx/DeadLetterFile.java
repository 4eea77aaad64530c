package io.modelwatch.influx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Lines InfluxDB refused, one JSON object per line: {@code {"line":"...","reason":"..."}}. Appended (every
 * subtask of a JVM to the same file, one whole record per write) and flushed record by record, so a line is
 * never lost silently, even if the job dies right after.
 */
final class DeadLetterFile {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Object LOCK = new Object();

    private final Path path;

    DeadLetterFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    void append(String line, String reason) {
        StringWriter sw = new StringWriter(line.length() + reason.length() + 32);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("line", line);
            g.writeStringField("reason", reason);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] record = (sw + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (LOCK) {
            try {
                Path dir = path.getParent();
                if (dir != null) Files.createDirectories(dir);
                Files.write(path, record, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the dead-letter file " + path, e);
            }
        }
    }
}
