package dev.gantry.docker;

/** A container on one host, by its Docker id or name (either is accepted by the engine). */
public record ContainerRef(String idOrName) {
}
