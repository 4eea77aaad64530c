package io.modelwatch.stream;

import io.modelwatch.io.RawLine;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka message value as a {@link RawLine}: the bytes as they are (parsing happens in the pane operator,
 * chained right behind the source), {@code source} = {@code topic-partition}, {@code lineNumber} = the offset,
 * so a dead letter says exactly where its record is.
 */
final class KafkaLines implements KafkaRecordDeserializationSchema<RawLine> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];
    private transient String topic;
    private transient String[] sources;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        int len = value.length;
        while (len > 0 && (value[len - 1] == '\n' || value[len - 1] == '\r')) len--;
        out.collect(new RawLine(source(record.topic(), record.partition()), record.offset(), value, len));
    }

    /** "topic-partition", made once per partition rather than once per record (the hot path allocates nothing). */
    private String source(String t, int p) {
        if (sources == null || !t.equals(topic)) {
            topic = t;
            sources = new String[Math.max(p + 1, 8)];
        } else if (p >= sources.length) {
            sources = java.util.Arrays.copyOf(sources, p + 1);
        }
        String s = sources[p];
        if (s == null) sources[p] = s = t + "-" + p;
        return s;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
