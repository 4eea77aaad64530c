package io.modelwatch.stream;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM (what {@code kill}, systemd and Kubernetes send) and SIGINT (Ctrl-C) stop the job with a savepoint
 * instead of ending the JVM: the handlers replace the JVM's own, so no shutdown hook tears the embedded Flink
 * down while the savepoint is written. The savepoint's path is printed ({@code --from-savepoint PATH} resumes);
 * if it cannot be written the job is cancelled. A second signal while the savepoint is written ends the JVM
 * at once (status 130). Closing puts the previous handlers back.
 */
final class StopOnSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopOnSignal.class);
    private static final String[] SIGNALS = {"TERM", "INT"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopOnSignal() {}

    static StopOnSignal install(JobClient client, String savepointDir) {
        StopOnSignal s = new StopOnSignal();
        AtomicBoolean stopping = new AtomicBoolean();
        SignalHandler handler = sig -> {
            if (!stopping.compareAndSet(false, true)) {
                System.err.println("stream: second SIG" + sig.getName() + " while stopping; exiting without the savepoint");
                Runtime.getRuntime().halt(130);
            }
            System.err.println("stream: SIG" + sig.getName() + ": stopping with a savepoint in " + savepointDir + " ...");
            client.stopWithSavepoint(false, savepointDir, SavepointFormatType.CANONICAL).whenComplete((path, error) -> {
                if (error == null) {
                    System.err.println("stream: savepoint " + path + " (resume with --from-savepoint " + path + ")");
                } else {
                    LOG.error("stop-with-savepoint failed; cancelling the job", error);
                    System.err.println("stream: stop-with-savepoint failed (" + error.getMessage() + "); cancelling the job");
                    client.cancel();
                }
            });
        };
        for (String name : SIGNALS) {
            Signal sig = new Signal(name);
            s.signals.add(sig);
            s.previous.add(Signal.handle(sig, handler));
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }
}
