package dev.gantry.docker;

/** Opens a {@link DockerHost} for an endpoint; the docker-java and simulated adapters each provide one. */
public interface DockerHostFactory {

    DockerHost open(DockerEndpoint endpoint);
}
