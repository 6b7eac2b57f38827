package dev.gantry.postgres;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means "the database cannot be reached or cannot answer in time" rather than "this request
 * is wrong" or "Gantry has a bug": a connection that could not be had or was lost (SQLSTATE class 08), a server
 * shutting down or starting up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now), a
 * statement cancelled by {@code statement_timeout} (57014), a session ended by
 * {@code idle_in_transaction_session_timeout} (25P03), too many connections (53300), a rollback on a connection the
 * pool closed because it broke. Such a failure is
 * retryable: the API answers 503 with Retry-After instead of a 500.
 */
public final class DatabaseUnavailable {

    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "57014", "25P03", "53300");

    private DatabaseUnavailable() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure, previous = null; t != null && t != previous; previous = t, t = t.getCause()) {
            // CannotCreateTransactionException: beginning a transaction fails only when no connection could be had
            if (t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
                    || t instanceof TransientDataAccessResourceException || t instanceof SQLTransientConnectionException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && (isUnavailableState(sql.getSQLState()) || isClosedByThePool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hikari closes a connection the driver reported broken; the rollback that follows then fails on the closed
     * connection with this SQLSTATE-less exception, which takes the place of the original failure.
     */
    private static boolean isClosedByThePool(SQLException sql) {
        return sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage());
    }

    static boolean isUnavailableState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || STATES.contains(sqlState));
    }
}
