package io.modelwatch.sensors;

import java.io.Serializable;

/** Makes the sampler where it runs (in a source reader, or in the agent); tests pass their own. */
@FunctionalInterface
public interface SamplerFactory extends Serializable {
    SensorSampler create() throws Exception;
}
