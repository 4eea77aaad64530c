package io.modelwatch.cli;

import io.modelwatch.influx.SinkSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where a command's points go: a picocli mixin for every command that writes points
 * ({@code @Mixin SinkOptions sink;} then {@code sink.sinkSpec("file:out/points.lp")}).
 * Credentials never come from here: {@code INFLUX_USER}/{@code INFLUX_PASSWORD} or {@code INFLUX_TOKEN} in the
 * environment, or a file of those keys.
 */
public final class SinkOptions {

    @Option(names = "--sink", paramLabel = "SPEC",
            description = "file:PATH (line protocol to a file or directory) or influx:http://HOST:8086/DB "
                    + "(InfluxDB 1.x /write; credentials from INFLUX_USER/INFLUX_PASSWORD or INFLUX_TOKEN)")
    String sink;

    @Option(names = "--influx-create-db", description = "create the InfluxDB database when it does not exist")
    boolean createDatabase;

    @Option(names = "--influx-retention-policy", paramLabel = "RP",
            description = "write into this retention policy instead of the database's default")
    String retentionPolicy;

    @Option(names = "--influx-credentials-file", paramLabel = "FILE",
            description = "KEY=VALUE file with INFLUX_USER/INFLUX_PASSWORD or INFLUX_TOKEN "
                    + "(default: env INFLUX_CREDENTIALS_FILE)")
    Path credentialsFile;

    @Option(names = "--dead-letter", paramLabel = "PATH",
            description = "JSONL file for bad input records, with the reason (default: beside the file output, "
                    + "or ./modelwatch-dead-letter.jsonl); lines InfluxDB refuses go beside it, in "
                    + "NAME.influx-rejected.jsonl")
    Path deadLetter;

    /** The validated sink; {@code --sink} when given, else {@code defaultSpec}. */
    public SinkSpec sinkSpec(String defaultSpec) {
        SinkSpec spec = SinkSpec.parse(sink != null ? sink : defaultSpec);
        if (spec.kind() != SinkSpec.Kind.INFLUX) {
            String influxOnly = createDatabase ? "--influx-create-db"
                    : retentionPolicy != null ? "--influx-retention-policy"
                    : credentialsFile != null ? "--influx-credentials-file" : null;
            if (influxOnly != null) {
                throw new UsageException(influxOnly + " needs --sink influx:http://HOST:8086/DB (the sink is " + spec + ")");
            }
        }
        if (retentionPolicy != null && retentionPolicy.isBlank()) {
            throw new UsageException("--influx-retention-policy is empty");
        }
        return spec.withCreateDatabase(createDatabase).withRetentionPolicy(retentionPolicy)
                .withCredentialsFile(credentialsFile).withDeadLetter(deadLetter);
    }

    /** The validated sink; {@code --sink} is required. */
    public SinkSpec sinkSpec() {
        if (sink == null) throw new UsageException("--sink is needed: file:PATH or influx:http://HOST:8086/DB");
        return sinkSpec(sink);
    }
}
