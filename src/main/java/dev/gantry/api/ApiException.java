package dev.gantry.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A refusal the API reports as RFC 9457 problem+json: an HTTP status, the ECS error name in
 * {@code code}, a human sentence, and the offending fields. Features throw it through the named
 * factories so every status/code pairing lives here.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldProblem> errors;

    public ApiException(HttpStatus status, String code, String message, List<FieldProblem> errors) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public record FieldProblem(String field, String message) {
    }

    public static ApiException invalidParameter(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "InvalidParameterException", message,
                List.of(new FieldProblem(field, message)));
    }

    public static ApiException client(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "ClientException", message,
                field == null ? List.of() : List.of(new FieldProblem(field, message)));
    }

    public static ApiException clientErrors(List<FieldProblem> errors) {
        String detail = errors.getFirst().message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        return new ApiException(HttpStatus.BAD_REQUEST, "ClientException", detail, errors);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message, List.of());
    }

    /**
     * ECS's ClusterNotFoundException: what a cluster that does not exist answers, and, word for word, what a cluster a
     * key may not see answers (authorisation answers with this one factory so the two cannot drift apart).
     */
    public static ApiException clusterNotFound() {
        return notFound("ClusterNotFoundException", "Cluster not found.");
    }

    /**
     * ECS's ResourceNotFoundException: what tagging a resource that does not exist answers (TagResource,
     * UntagResource, ListTagsForResource), the cluster it names being there.
     */
    public static ApiException resourceNotFound() {
        return notFound("ResourceNotFoundException", "The specified resource could not be found.");
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(HttpStatus.CONFLICT, code, message, List.of());
    }


    public static ApiException staleVersion(long current) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "PreconditionFailed",
                "The resource was changed since you read it; its current version is " + current + ".",
                List.of(new FieldProblem("If-Match", "does not match the current version " + current)));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
