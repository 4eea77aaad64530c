package io.modelwatch.influx;

import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Lines buffered at a checkpoint: each stored as its length and its UTF-8 bytes (version 1). */
final class InfluxStateSerializer extends AsyncSinkWriterStateSerializer<byte[]> {

    @Override
    protected void serializeRequestToStream(byte[] line, DataOutputStream out) throws IOException {
        out.writeInt(line.length);
        out.write(line);
    }

    @Override
    protected byte[] deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        byte[] line = new byte[in.readInt()];
        in.readFully(line);
        return line;
    }

    @Override
    public int getVersion() {
        return 1;
    }
}
