package dev.gantry.docker;

import dev.gantry.docker.internal.DockerJavaHostFactory;
import dev.gantry.docker.sim.CallTimeouts;
import dev.gantry.docker.sim.SimulatedDockerHostFactory;
import dev.gantry.docker.sim.SimulatedEngineProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which adapter reaches Docker engines: the real one (docker-java) unless
 * {@code gantry.docker.adapter=simulated} asks for the in-memory hosts used by scale benchmarks and
 * dry runs. Behaviour tests always run on real engines.
 */
@Configuration(proxyBeanMethods = false)
class DockerConfiguration {

    @Bean
    @ConditionalOnProperty(name = "gantry.docker.adapter", havingValue = "docker-java", matchIfMissing = true)
    DockerHostFactory dockerJavaHostFactory(DockerClientProperties settings) {
        return new DockerJavaHostFactory(settings);
    }

    @Bean
    @ConditionalOnProperty(name = "gantry.docker.adapter", havingValue = "simulated")
    DockerHostFactory simulatedDockerHostFactory(Clock clock, DockerClientProperties client, SimulatedEngineProperties engine) {
        return new SimulatedDockerHostFactory(clock, engine, CallTimeouts.of(client));
    }
}
