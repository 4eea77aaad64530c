package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code modelwatch agent}: the sensors of a machine that runs no Flink, published to Kafka as JSON
 * ({@link AgentSampleCodec}), one message per point, keyed by host so one host's samples stay in order.
 * No Flink in here: OSHI, nvidia-smi and kafka-clients only.
 *
 * <p>Statuses and anomaly flags are not worked out here but in the sensors job, which keeps the history.
 * A failed send is logged and counted; the agent keeps sampling.
 */
public final class SensorAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SensorAgent.class);

    /** @param samples 0: until stopped */
    public record Config(String bootstrap, String topic, Duration interval, long samples, SamplerFactory samplers) {}

    private final Config config;
    private final KafkaProducer<String, String> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    public SensorAgent(Config config) {
        this.config = config;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "modelwatch-agent");
        // A sample is worth little once the next one is due: do not queue sends for longer than an interval.
        long interval = Math.max(1000, config.interval().toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, interval);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, interval));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, 2 * interval + 50));
        this.producer = new KafkaProducer<>(p);
    }

    /** Samples until {@code samples} are sent or {@link #stop()}; returns the number of points that failed to send. */
    public long run() throws Exception {
        long interval = config.interval().toMillis();
        try (SensorSampler sampler = config.samplers().create()) {
            LOG.info("agent: sampling {} every {} ms into {} {}", sampler.host(), interval, config.bootstrap(),
                    config.topic());
            for (long n = 0; running && (config.samples() == 0 || n < config.samples()); n++) {
                long now = System.currentTimeMillis();
                long delay = interval - Math.floorMod(now, interval);
                Thread.sleep(delay);
                publish(sampler.host(), sampler.sample(now + delay));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.flush();
        }
        LOG.info("agent: {} points sent, {} failed", sent.get(), failed.get());
        return failed.get();
    }

    private void publish(String host, List<Point> points) {
        for (Point p : points) {
            try {
                producer.send(new ProducerRecord<>(config.topic(), host, AgentSampleCodec.toJson(p)), (md, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else if (failed.incrementAndGet() % 100 == 1) {
                        LOG.warn("agent: a point could not be sent ({} so far): {}", failed.get(), e.toString());
                    }
                });
            } catch (RuntimeException e) {
                if (failed.incrementAndGet() % 100 == 1) {
                    LOG.warn("agent: a point could not be sent ({} so far): {}", failed.get(), e.toString());
                }
            }
        }
    }

    public long sent() {
        return sent.get();
    }

    public void stop() {
        running = false;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
