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

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        int len = value.length;
        while (len > 0 && (value[len - 1] == '\n' || value[len - 1] == '\r')) len--;
        out.collect(new RawLine(record.topic() + "-" + record.partition(), record.offset(), value, len));
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
