package io.modelwatch.influx;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The InfluxDB sink gave up. The message is one line that says what to fix; it carries no cause on purpose
 * (a CLI prints the root cause's message), the underlying errors are attached as suppressed exceptions.
 *
 * <p>Thrown as is when retries ran out (Flink may restart the job from its last checkpoint); as
 * {@link NonRecoverable} when no restart can help (wrong credentials, unknown database).
 */
class InfluxSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InfluxSinkException(String message) {
        super(message);
    }

    /** Wrong credentials, missing database or retention policy: restarting the job cannot help. */
    @ThrowableAnnotation(ThrowableType.NonRecoverableError)
    public static final class NonRecoverable extends InfluxSinkException {
        private static final long serialVersionUID = 1L;

        public NonRecoverable(String message) {
            super(message);
        }
    }
}
