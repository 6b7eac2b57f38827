package dev.gantry.api;

import dev.gantry.postgres.DatabaseUnavailable;
import dev.gantry.shared.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure into RFC 9457 problem+json carrying the ECS error name in {@code code} and
 * the offending fields in {@code errors}. Bad input is always a 4xx naming the field; anything
 * unexpected is a 500 whose body says nothing about the internals (the log has the stack).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    /** About how long a PostgreSQL restart or failover takes; clients add their own backoff. */
    private static final int DATABASE_RETRY_AFTER_SECONDS = 2;

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApi(ApiException ex) {
        return problem(ex.status(), ex.code(), ex.getMessage(), ex.errors());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
        List<ApiException.FieldProblem> errors = ex.getConstraintViolations().stream()
                .map(v -> new ApiException.FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "InvalidParameterException", summary(errors), errors);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
        String message = "must be " + describeType(ex.getRequiredType()) + " but was '" + ex.getValue() + "'";
        return problem(HttpStatus.BAD_REQUEST, "InvalidParameterException", ex.getName() + " " + message,
                List.of(new ApiException.FieldProblem(ex.getName(), message)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex) {
        if (ex instanceof InvalidInput invalid) {
            // the shared error contract: the module that refused the input says which field, this layer says 400
            return problem(HttpStatus.BAD_REQUEST, "InvalidParameterException", invalid.getMessage(),
                    List.of(new ApiException.FieldProblem(invalid.field(), invalid.getMessage())));
        }
        if (DatabaseUnavailable.is(ex)) {
            return databaseUnavailable(ex);
        }
        log.error("Unexpected failure while handling a request", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "ServerException",
                "The server failed to handle the request; the failure is logged.", List.of());
    }

    /**
     * The database is down, restarting or not answering: a retryable 503 at once (the driver and pool timeouts
     * bound how long finding that out takes), never a 500 after the kernel's TCP timeout. The body names no
     * internals; the log says what failed, without a stack trace per request.
     */
    private static ResponseEntity<Object> databaseUnavailable(Exception ex) {
        log.warn("Database unavailable while handling a request: {}", rootMessage(ex));
        ResponseEntity<Object> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "ServerException",
                "The database is unavailable; retry after the interval in Retry-After.", List.of());
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(DATABASE_RETRY_AFTER_SECONDS)).body(problem.getBody());
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == ex ? ex.toString() : ex.getClass().getSimpleName() + " caused by " + root;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldProblem> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(e -> errors.add(
                new ApiException.FieldProblem(e.getField(), e.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(
                new ApiException.FieldProblem(e.getObjectName(), e.getDefaultMessage())));
        return problem(HttpStatus.BAD_REQUEST, "InvalidParameterException", summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(e -> errors.add(
                new ApiException.FieldProblem(r.getMethodParameter().getParameterName(), e.getDefaultMessage()))));
        return problem(HttpStatus.BAD_REQUEST, "InvalidParameterException", summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // the outermost Jackson failure carries the field path; the most specific cause may be below it (a
        // DateTimeParseException for a malformed timestamp)
        JacksonException jackson = null;
        for (Throwable c = ex.getCause(); c != null && jackson == null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof JacksonException found) {
                jackson = found;
            }
        }
        if (jackson != null) {
            String field = fieldPath(jackson);
            String firstLine = describe(jackson);
            return problem(HttpStatus.BAD_REQUEST, "InvalidParameterException",
                    (field.isEmpty() ? "Malformed JSON: " : field + ": ") + firstLine,
                    List.of(new ApiException.FieldProblem(field.isEmpty() ? "body" : field, firstLine)));
        }
        return problem(HttpStatus.BAD_REQUEST, "InvalidParameterException",
                "The request body is missing or is not valid JSON.",
                List.of(new ApiException.FieldProblem("body", "missing or not valid JSON")));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        String detail = ex instanceof ErrorResponse er && er.getBody().getDetail() != null
                ? er.getBody().getDetail() : ex.getMessage();
        return problem(HttpStatus.valueOf(statusCode.value()), codeFor(statusCode), detail, List.of());
    }

    /**
     * Writes a problem+json answer from outside Spring MVC (servlet filters: authentication, body limits), the same
     * shape the handler methods answer with.
     */
    /**
     * An error answered outside a controller (a filter's refusal) in the protocol of the request: problem+json for
     * REST v1, {@code {"__type", "message"}} with ECS's status for an ECS call.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
            HttpStatus status, String code, String detail) throws IOException {
        if (AwsJson.isCall(request)) {
            AwsJson.writeError(request, response, json, AwsJson.statusOf(code), code, detail);
        } else {
            write(response, json, status, code, detail);
        }
    }

    public static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String code,
            String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem(status, code, detail, List.of()).getBody());
    }

    static ResponseEntity<Object> problem(HttpStatus status, String code, String detail,
            List<ApiException.FieldProblem> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("https://gantry.dev/problems/" + code));
        body.setTitle(code);
        body.setProperty("code", code);
        body.setProperty("errors", errors);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "ResourceNotFoundException";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 413 -> "PayloadTooLarge";
            case 415 -> "UnsupportedMediaType";
            default -> status.is4xxClientError() ? "ClientException" : "ServerException";
        };
    }

    /** Jackson's own words, without class names of ours (they mean nothing to an API client). */
    private static String describe(JacksonException ex) {
        if (ex instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) {
            return "is not a known member of this request";
        }
        if (ex instanceof tools.jackson.databind.exc.InvalidFormatException invalid
                && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
            return "'" + invalid.getValue() + "' is not one of " + jsonNames(invalid.getTargetType());
        }
        if (ex instanceof tools.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + describeType(mismatch.getTargetType());
        }
        String message = ex.getOriginalMessage();
        String first = message == null ? "is not valid" : message.lines().findFirst().orElse(message);
        return first.replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z]+(\\.[a-zA-Z$]+)+`", "the value");
    }

    /** The names an enum has on the wire (its @JsonProperty names where given). */
    private static String jsonNames(Class<?> enumType) {
        return java.util.Arrays.stream(enumType.getEnumConstants()).map(constant -> {
            String name = ((Enum<?>) constant).name();
            try {
                var property = enumType.getField(name).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                return property != null && !property.value().isEmpty() ? property.value() : name;
            } catch (NoSuchFieldException e) {
                return name;
            }
        }).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String fieldPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String summary(List<ApiException.FieldProblem> errors) {
        if (errors.isEmpty()) {
            return "The request is not valid.";
        }
        return errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static String describeType(@Nullable Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + jsonNames(type);
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }
}
