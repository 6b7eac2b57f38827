package dev.gantry.ecs;

/**
 * An ECS error as the protocol answers it: {@code __type} and {@code message}, HTTP 400 (500 only for
 * ServerException, see {@link dev.gantry.api.AwsJson#statusOf}). Operations throw these for protocol-level
 * refusals; the application services' {@code ApiException}s are translated by the endpoint.
 */
final class EcsError extends RuntimeException {

    private final String type;

    EcsError(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    String type() {
        return type;
    }

    static EcsError serialization(String message) {
        return new EcsError("SerializationException", message);
    }

    static EcsError invalidParameter(String message) {
        return new EcsError("InvalidParameterException", message);
    }

    static EcsError client(String message) {
        return new EcsError("ClientException", message);
    }

    static EcsError unsupported(String message) {
        return new EcsError("UnsupportedFeatureException", message);
    }
}
