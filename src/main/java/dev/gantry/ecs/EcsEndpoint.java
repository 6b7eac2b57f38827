package dev.gantry.ecs;

import dev.gantry.api.ApiException;
import dev.gantry.api.AwsJson;
import dev.gantry.postgres.DatabaseUnavailable;
import dev.gantry.security.Authorisation.Decision;
import dev.gantry.security.Caller;
import dev.gantry.security.Callers;
import dev.gantry.security.EcsActions;
import dev.gantry.security.EcsCallAuthorisation;
import dev.gantry.shared.InvalidInput;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /}: every ECS call. The target names the action; the body is read once as a JSON object; the cluster
 * it names is authorised before the operation runs; the answer is the operation's shape or an ECS error. Any
 * failure of the application services is translated here, so no operation writes an error itself.
 */
@RestController
@Hidden
class EcsEndpoint {

    private static final Logger log = LoggerFactory.getLogger(EcsEndpoint.class);

    private final Map<String, EcsOperation> operations = new HashMap<>();
    private final EcsJson json;
    private final Validator validator;
    private final EcsCallAuthorisation authorisation;

    EcsEndpoint(List<EcsOperations> groups, EcsJson json, Validator validator, EcsCallAuthorisation authorisation) {
        for (EcsOperations group : groups) {
            for (EcsOperation operation : group.operations()) {
                if (!EcsActions.supported(operation.name())) {
                    throw new IllegalStateException("ECS operation " + operation.name()
                            + " has no row in security.EcsActions (its access is unknown)");
                }
                if (operations.put(operation.name(), operation) != null) {
                    throw new IllegalStateException("ECS operation " + operation.name() + " is defined twice");
                }
            }
        }
        this.json = json;
        this.validator = validator;
        this.authorisation = authorisation;
    }

    /** The actions this endpoint serves, for tests and documentation. */
    Set<String> actions() {
        return Set.copyOf(operations.keySet());
    }

    /** A browser opening Gantry's address lands on the API's own page instead of an error. */
    @GetMapping("/")
    void home(HttpServletResponse response) throws IOException {
        response.sendRedirect("swagger-ui.html");
    }

    @PostMapping("/")
    void call(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object answer;
        try {
            answer = answer(request);
        } catch (EcsError e) {
            AwsJson.writeError(request, response, json.mapper(), AwsJson.statusOf(e.type()), e.type(), e.getMessage());
            return;
        } catch (ApiException e) {
            String type = e.code();
            AwsJson.writeError(request, response, json.mapper(), AwsJson.statusOf(type), type, message(e));
            return;
        } catch (RuntimeException e) {
            if (e instanceof InvalidInput invalid) {
                // a module's refusal of the caller's input (a placement strategy, a constraint expression), as REST's 400
                String message = invalid.getMessage() != null && invalid.getMessage().contains(invalid.field())
                        ? invalid.getMessage() : invalid.field() + ": " + invalid.getMessage();
                AwsJson.writeError(request, response, json.mapper(), 400, "InvalidParameterException", message);
            } else if (DatabaseUnavailable.is(e)) {
                log.warn("Database unavailable during ECS call {}: {}", AwsJson.action(request), e.getMessage());
                AwsJson.writeError(request, response, json.mapper(), 500, "ServerException",
                        "The database is unavailable; retry.");
            } else {
                log.error("ECS call {} failed", AwsJson.action(request), e);
                AwsJson.writeError(request, response, json.mapper(), 500, "ServerException",
                        "The server failed to handle the request; the failure is logged.");
            }
            return;
        }
        response.setStatus(200);
        response.setContentType(AwsJson.CONTENT_TYPE);
        json.mapper().writeValue(response.getOutputStream(), answer);
    }

    private Object answer(HttpServletRequest request) throws IOException {
        String action = AwsJson.action(request);
        if (action == null || (!EcsActions.supported(action) && !EcsActions.unsupported(action))) {
            throw new EcsError("UnknownOperationException", action == null
                    ? "The request names no action: send X-Amz-Target: " + AwsJson.TARGET_PREFIX + "<Action>."
                    : "Unknown operation " + action + ".");
        }
        if (!operations.containsKey(action)) {
            throw EcsError.unsupported(action + " is not offered by Gantry (" + unsupportedReason(action) + ").");
        }
        EcsOperation operation = operations.get(action);
        EcsCall call = new EcsCall(action, body(request), json, validator);
        String cluster = operation.cluster().apply(call);
        Decision decision = authorisation.authorise(request, cluster, operation.target().apply(call));
        switch (decision) {
            case HIDE -> throw ApiException.clusterNotFound();
            case DENY -> throw new EcsError("AccessDeniedException", "Access key "
                    + Callers.current().map(Caller::accessKeyId).orElse("(none)")
                    + " is not authorized to perform: ecs:" + action);
            case ALLOW -> {
            }
        }
        return operation.handler().handle(call);
    }

    private ObjectNode body(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readAllBytes();
        if (bytes.length == 0) {
            return json.mapper().createObjectNode();
        }
        JsonNode parsed;
        try {
            parsed = json.mapper().readTree(bytes);
        } catch (JacksonException e) {
            throw EcsError.serialization("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw EcsError.serialization("The body must be a JSON object.");
        }
        return object;
    }

    /** The refusal's message naming the member it is about; with several problems, the first and the others' paths. */
    private static String message(ApiException e) {
        if (e.errors().isEmpty()) {
            return e.getMessage();
        }
        ApiException.FieldProblem problem = e.errors().getFirst();
        String message = e.errors().size() == 1 ? e.getMessage() : problem.message();
        String first = message.contains(problem.field()) ? message : problem.field() + ": " + message;
        if (e.errors().size() == 1) {
            return first;
        }
        return first + " (and " + (e.errors().size() - 1) + " more: " + String.join(", ",
                e.errors().subList(1, e.errors().size()).stream().map(ApiException.FieldProblem::field).toList()) + ")";
    }

    /** The reason an unsupported action's UnsupportedFeatureException gives, which the README's table quotes. */
    static String unsupportedReason(String action) {
        if (action.contains("CapacityProvider")) {
            return "capacity providers scale cloud capacity; Gantry places on the Docker hosts registered with it";
        }
        if (action.contains("TaskSet")) {
            return "task sets belong to the EXTERNAL and CODE_DEPLOY deployment controllers; Gantry's is ECS";
        }
        if (action.startsWith("Submit") || action.equals("DiscoverPollEndpoint") || action.equals("UpdateContainerAgent")) {
            return "an action of Amazon's container agent; Gantry drives Docker hosts through their Engine API";
        }
        if (action.equals("ExecuteCommand")) {
            return "ECS Exec needs the SSM agent; not built yet";
        }
        if (action.contains("AccountSetting")) {
            return "account settings opt an AWS account into ECS features; Gantry's behaviour is its configuration";
        }
        if (action.contains("TaskProtection")) {
            return "task scale-in protection is not built yet";
        }
        if (action.contains("Daemon")) {
            return "ECS daemons are not built yet; a service with schedulingStrategy DAEMON runs one task per host";
        }
        if (action.contains("ExpressGatewayService")) {
            return "Express Mode services are made of AWS load balancers, networking and scaling, which Gantry lacks";
        }
        if (action.equals("StopServiceDeployment") || action.equals("ContinueServiceDeployment")) {
            return "stopping or continuing a service deployment by hand is not built yet";
        }
        if (action.equals("DescribeServiceRevisions")) {
            return "service revisions are not kept apart from deployments (ListServiceDeployments, "
                    + "DescribeServiceDeployments)";
        }
        if (action.equals("ListServicesByNamespace")) {
            return "Service Connect namespaces (AWS Cloud Map) are not offered";
        }
        if (EcsActions.supported(action)) {
            return "not built yet";
        }
        return "not part of Gantry's ECS subset; see the README's table of ECS actions";
    }
}
