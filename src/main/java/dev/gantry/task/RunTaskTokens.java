package dev.gantry.task;

import dev.gantry.shared.TaskId;
import dev.gantry.api.ApiException;
import dev.gantry.placement.ExpressionSyntaxException;
import dev.gantry.placement.PlacementInputException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * RunTask idempotency as ECS has it: a client token is scoped to its cluster and lives {@code ttl} (ECS: 24 h).
 * The first request with a token runs inside one transaction that first takes a transaction-scoped advisory lock
 * on (cluster, token), then creates its tasks and stores the response beside the token, so:
 * <ul>
 *   <li>the token, the tasks and the stored response commit together or not at all: a crash or a 5xx leaves no
 *       token behind, and the retry runs afresh (before, the token was claimed first, alone, and every retry of a
 *       failed request answered 200 with nothing);</li>
 *   <li>a retry with the same parameters replays the stored response: the same tasks (as they are now) and the
 *       same failures, or the same 4xx;</li>
 *   <li>the same token with other parameters is ConflictException (409);</li>
 *   <li>concurrent retries wait on the lock for the first to commit, then replay what it stored.</li>
 * </ul>
 * A 4xx is stored too: the same request would be refused again, and a client that fixed the cause (registered an
 * instance, say) sends a new token, as with ECS. An expired token counts as unused; the retention job deletes it.
 */
@Component
class RunTaskTokens {

    private static final Logger log = LoggerFactory.getLogger(RunTaskTokens.class);

    /** What the first request answered, as stored: a 200 (task ids and failures) or a 4xx (the problem). */
    record StoredResponse(int status, List<String> taskIds, List<TaskView.Failure> failures, String code,
            String message, List<ApiException.FieldProblem> errors) {

        static StoredResponse launched(TaskPlacement.Outcome outcome) {
            return new StoredResponse(200, outcome.taskIds().stream().map(TaskId::value).toList(), outcome.failures(), null, null, null);
        }

        static StoredResponse refused(ApiException e) {
            return new StoredResponse(e.status().value(), null, null, e.code(), e.getMessage(), e.errors());
        }

        ApiException asException() {
            return new ApiException(HttpStatus.valueOf(status), code, message, errors == null ? List.of() : errors);
        }

        boolean ok() {
            return status == 200;
        }
    }

    /** The answer to give, and whether it is a replay of an earlier request's. */
    record Answer(StoredResponse response, boolean replayed) {
    }

    /** A token as read, with the database's time of the read (the only clock tokens are judged by). */
    record StoredToken(String fingerprint, Instant createdAt, Instant dbNow, StoredResponse response) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Duration ttl;

    RunTaskTokens(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json,
            @Value("${gantry.run-task.client-token-ttl:24h}") Duration ttl) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.ttl = ttl;
    }

    /** True when a token created at {@code createdAt} no longer counts at database time {@code dbNow}. */
    static boolean expired(Instant createdAt, Instant dbNow, Duration ttl) {
        return !createdAt.plus(ttl).isAfter(dbNow);
    }

    /**
     * Runs {@code work} once per (cluster, token) within the ttl and answers what the first run answered.
     * {@code work} runs inside the transaction (the placement's commit joins it); an ApiException it throws is
     * stored and rethrown, anything else rolls everything back.
     */
    Answer once(long clusterId, String token, String fingerprint, Supplier<TaskPlacement.Outcome> work) {
        Answer answer = tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:c AS text) || '/' || :t, 0))")
                    .param("c", clusterId).param("t", token).query(Object.class).single();
            StoredToken stored = find(clusterId, token);
            if (stored != null && !expired(stored.createdAt(), stored.dbNow(), ttl)) {
                if (!stored.fingerprint().equals(fingerprint)) {
                    throw new ApiException(HttpStatus.CONFLICT, "ConflictException",
                            "The clientToken was already used with different parameters.",
                            List.of(new ApiException.FieldProblem("clientToken", "already used with different parameters")));
                }
                return new Answer(stored.response(), true);
            }
            if (stored != null) {
                delete(clusterId, token);
            }
            StoredResponse fresh = run(work);
            jdbc.sql("""
                    INSERT INTO run_task_token (cluster_id, client_token, fingerprint, status, response)
                    VALUES (:c, :t, :f, :s, CAST(:r AS jsonb))""")
                    .param("c", clusterId).param("t", token).param("f", fingerprint).param("s", fresh.status())
                    .param("r", json.writeValueAsString(fresh)).update();
            return new Answer(fresh, false);
        });
        if (!answer.response().ok()) {
            throw answer.response().asException();
        }
        return answer;
    }

    /**
     * Runs the request. Every refusal it can give comes before its only write (the placement's commit of the tasks,
     * which is its last step), so a refusal leaves nothing to undo and is stored as the answer. The placement
     * package's own input errors are stored as the 400s the API renders them as.
     */
    private static StoredResponse run(Supplier<TaskPlacement.Outcome> work) {
        try {
            return StoredResponse.launched(work.get());
        } catch (ApiException e) {
            if (!e.status().is4xxClientError()) {
                throw e;
            }
            return StoredResponse.refused(e);
        } catch (PlacementInputException e) {
            return StoredResponse.refused(ApiException.invalidParameter(e.field(), e.getMessage()));
        } catch (ExpressionSyntaxException e) {
            return StoredResponse.refused(ApiException.invalidParameter("expression", e.getMessage()));
        }
    }

    private StoredToken find(long clusterId, String token) {
        return jdbc.sql("""
                SELECT fingerprint, created_at, now() AS db_now, response FROM run_task_token
                WHERE cluster_id = :c AND client_token = :t""")
                .param("c", clusterId).param("t", token)
                .query((rs, n) -> new StoredToken(rs.getString("fingerprint"), instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("db_now")), json.readValue(rs.getString("response"), StoredResponse.class)))
                .optional().orElse(null);
    }

    private void delete(long clusterId, String token) {
        jdbc.sql("DELETE FROM run_task_token WHERE cluster_id = :c AND client_token = :t")
                .param("c", clusterId).param("t", token).update();
    }

    private static Instant instant(Timestamp t) {
        return t.toInstant();
    }

    /** Retention: expired tokens are deleted (judged by database time), so the table holds one ttl of tokens. */
    @Scheduled(fixedDelayString = "${gantry.run-task.client-token-prune-interval:10m}", initialDelayString = "1m")
    void pruneExpired() {
        int pruned = prune();
        if (pruned > 0) {
            log.debug("Pruned {} expired RunTask client tokens", pruned);
        }
    }

    int prune() {
        return jdbc.sql("DELETE FROM run_task_token WHERE created_at + make_interval(secs => :ttl) <= now()")
                .param("ttl", ttl.toMillis() / 1000.0).update();
    }
}
