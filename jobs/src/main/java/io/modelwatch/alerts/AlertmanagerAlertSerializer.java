package io.modelwatch.alerts;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Checkpoints the alerts the Alertmanager writer still owes (firing ones to re-send, undelivered ones). */
final class AlertmanagerAlertSerializer implements SimpleVersionedSerializer<AlertmanagerAlert> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(AlertmanagerAlert alert) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeMap(out, alert.labels());
            writeMap(out, alert.annotations());
            out.writeLong(alert.startsAtMillis());
            out.writeLong(alert.endsAtMillis());
        }
        return bytes.toByteArray();
    }

    @Override
    public AlertmanagerAlert deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) throw new IOException("unknown Alertmanager writer state version " + version);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            Map<String, String> labels = readMap(in);
            Map<String, String> annotations = readMap(in);
            return new AlertmanagerAlert(labels, annotations, in.readLong(), in.readLong());
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) map.put(in.readUTF(), in.readUTF());
        return map;
    }
}
