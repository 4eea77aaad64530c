package io.modelwatch.influx;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

import java.nio.charset.StandardCharsets;

/** Renders a {@link Point} as one line of line protocol, UTF-8 with its newline: the sink's request entry. */
final class InfluxLineConverter implements ElementConverter<Point, byte[]> {
    private static final long serialVersionUID = 1L;

    private transient StringBuilder line;

    @Override
    public byte[] apply(Point point, SinkWriter.Context context) {
        if (line == null) line = new StringBuilder(256);
        line.setLength(0);
        LineProtocol.append(line, point);
        line.append('\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }
}
