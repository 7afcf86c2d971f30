package dev.guard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.protocol.Frame;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorsTest {

    private static Frame.Error error(int kind, String state, int code, String message) {
        return new Frame.Error(kind, state, code, message, null, null, null);
    }

    @Test
    void denialNamesRuleAndCheck() {
        SQLException e = Errors.of(new Frame.Error(1, "42000", 9000, "DROP is not allowed for agents", "no-ddl",
                "statement-kind", null), false, false);
        assertThat((Throwable) e).isExactlyInstanceOf(SQLSyntaxErrorException.class)
                .hasMessage("Guard denied the statement (rule no-ddl, check statement-kind): DROP is not allowed for agents");
        assertThat(e.getSQLState()).isEqualTo("42000");
        assertThat(e.getErrorCode()).isEqualTo(9000);
        assertThat((Throwable) Errors.of(new Frame.Error(1, "42000", 9000, "no rule allows it", null, "default-deny", null), false, false))
                .hasMessage("Guard denied the statement (check default-deny): no rule allows it");
        assertThat((Throwable) Errors.of(new Frame.Error(1, "42000", 9000, "why", null, null, null), false, false))
                .hasMessage("Guard denied the statement: why");
    }

    @Test
    void approvalRequired() {
        SQLException e = Errors.of(new Frame.Error(2, "42000", 9001, "DELETE needs a second pair of eyes", "risky-delete",
                null, "apr-42"), false, false);
        assertThat((Throwable) e).isInstanceOf(GuardApprovalRequiredException.class).isInstanceOf(SQLSyntaxErrorException.class);
        GuardApprovalRequiredException a = (GuardApprovalRequiredException) e;
        assertThat(a.approvalId()).isEqualTo("apr-42");
        assertThat(a.rule()).isEqualTo("risky-delete");
        assertThat(a.getSQLState()).isEqualTo("42000");
        assertThat(a.getErrorCode()).isEqualTo(9001);
        assertThat(a.getMessage()).contains("apr-42").contains("DELETE needs a second pair of eyes");
    }

    @ParameterizedTest(name = "kind {0} {1} -> {3}")
    @CsvSource({
        "3, 28000, 9002, java.sql.SQLInvalidAuthorizationSpecException",
        "4, 08003, 9003, java.sql.SQLNonTransientConnectionException",
        "5, 08P01, 9004, java.sql.SQLNonTransientConnectionException",
        "5, 42000, 9004, java.sql.SQLSyntaxErrorException",
        "6, 08S01, 9005, java.sql.SQLTransientConnectionException",
        "0, 42S02, 1146, java.sql.SQLSyntaxErrorException",
        "0, 23000, 1062, java.sql.SQLIntegrityConstraintViolationException",
        "0, 22001, 1406, java.sql.SQLDataException",
        "0, 40001, 1213, java.sql.SQLTransactionRollbackException",
        "0, 08S01, 2013, java.sql.SQLNonTransientConnectionException",
        "0, 28000, 1045, java.sql.SQLInvalidAuthorizationSpecException",
        "0, HY000, 1205, java.sql.SQLException",
        "0, 70100, 1317, java.sql.SQLException",
    })
    void kindsAndSqlStatesPickTheExceptionClass(int kind, String state, int code, String className) {
        SQLException e = Errors.of(error(kind, state, code, "m"), false, false);
        assertThat(e.getClass().getName()).isEqualTo(className);
        assertThat(e.getSQLState()).isEqualTo(state);
        assertThat(e.getErrorCode()).isEqualTo(code);
        assertThat((Throwable) e).hasMessage("m");
    }

    @Test
    void cancelledIsATimeoutOnlyWhenTheStatementHadOneAndWasNotCancelled() {
        Frame.Error e = error(7, "70100", 1317, "timed out");
        assertThat((Throwable) Errors.of(e, true, false)).isInstanceOf(SQLTimeoutException.class);
        assertThat((Throwable) Errors.of(e, false, false)).isExactlyInstanceOf(SQLException.class);
        assertThat((Throwable) Errors.of(e, true, true)).isExactlyInstanceOf(SQLException.class);
        assertThat(Errors.of(e, true, false).getSQLState()).isEqualTo("70100");
        assertThat(Errors.of(e, true, false).getErrorCode()).isEqualTo(1317);
    }

    @Test
    void missingStatesFallBackToTheTable() {
        assertThat(Errors.of(error(3, "", 9002, "m"), false, false).getSQLState()).isEqualTo("28000");
        assertThat(Errors.of(error(6, "", 9005, "m"), false, false).getSQLState()).isEqualTo("08S01");
        assertThat(Errors.of(error(7, "", 1317, "m"), true, false).getSQLState()).isEqualTo("70100");
    }

    @Test
    void classesAsJdbcCompatTable() {
        assertThat((Throwable) Errors.bySqlState("m", "42000", 1064)).isInstanceOf(SQLSyntaxErrorException.class);
        assertThat((Throwable) Errors.bySqlState("m", "23000", 1062)).isInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThat((Throwable) Errors.bySqlState("m", "22003", 1264)).isInstanceOf(SQLDataException.class);
        assertThat((Throwable) Errors.bySqlState("m", "40001", 1213)).isInstanceOf(SQLTransactionRollbackException.class);
        assertThat((Throwable) Errors.bySqlState("m", "08S01", 0)).isInstanceOf(SQLNonTransientConnectionException.class);
        assertThat((Throwable) Errors.bySqlState("m", "28000", 1045)).isInstanceOf(SQLInvalidAuthorizationSpecException.class);
        assertThat((Throwable) Errors.bySqlState("m", null, 0)).isExactlyInstanceOf(SQLException.class);
        assertThat(SQLTransientConnectionException.class).isAssignableTo(SQLException.class);
    }
}
