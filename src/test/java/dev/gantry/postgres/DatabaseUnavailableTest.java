package dev.gantry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures the API answers with 503 + Retry-After (retry later) rather than a 4xx or 500. */
class DatabaseUnavailableTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException("timeout")), true),
                Arguments.of(new CannotCreateTransactionException("begin", new RuntimeException("JDBC begin failed")), true),
                Arguments.of(new QueryTimeoutException("slow"), true),
                Arguments.of(sql("08006", "An I/O error occurred while sending to the backend"), true),
                Arguments.of(sql("08001", "Connection refused"), true),
                Arguments.of(sql("57P01", "terminating connection due to administrator command"), true),
                Arguments.of(sql("57P02", "crash shutdown"), true),
                Arguments.of(sql("57P03", "the database system is starting up"), true),
                Arguments.of(sql("57014", "canceling statement due to statement timeout"), true),
                Arguments.of(sql("25P03", "idle-in-transaction timeout"), true),
                Arguments.of(sql("53300", "too many connections"), true),
                Arguments.of(new IllegalStateException("wrapped", sql("08006", "socket timeout")), true),
                Arguments.of(new TransactionSystemException("Could not roll back JDBC transaction",
                        new SQLException("Connection is closed")), true),
                Arguments.of(sql("23505", "duplicate key"), false),
                Arguments.of(new SQLException("Connection is closed by a bug of ours"), false),
                Arguments.of(sql("42P01", "relation does not exist"), false),
                Arguments.of(sql(null, "no state"), false),
                Arguments.of(new DuplicateKeyException("dup"), false),
                Arguments.of(new DataIntegrityViolationException("fk"), false),
                Arguments.of(new IllegalArgumentException("bug"), false),
                Arguments.of(new NullPointerException(), false));
    }

    private static UncategorizedSQLException sql(String state, String message) {
        return new UncategorizedSQLException("query", "SELECT 1", new SQLException(message, state));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void databaseFaultsAreRetryableAndBugsAreNot(Exception failure, boolean unavailable) {
        assertThat(DatabaseUnavailable.is(failure)).as("%s", failure).isEqualTo(unavailable);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aCycleInTheCauseChainEnds(Exception failure, boolean unavailable) {
        Exception cyclic = new RuntimeException("outer");
        cyclic.initCause(failure);
        assertThat(DatabaseUnavailable.is(cyclic)).isEqualTo(unavailable);
    }
}
