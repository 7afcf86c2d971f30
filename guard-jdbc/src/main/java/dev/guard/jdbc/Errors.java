package dev.guard.jdbc;

import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.Frame;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLWarning;
import java.util.List;

/** SQLExceptions the driver raises: from Error frames (as protocol.md's table says) and its own. */
final class Errors {

    private Errors() {}

    /**
     * The exception for an Error frame.
     *
     * @param timeoutSet whether the statement ran with a query timeout
     * @param cancelled  whether the caller cancelled the statement
     */
    static SQLException of(Frame.Error e, boolean timeoutSet, boolean cancelled) {
        String state = e.sqlState() == null || e.sqlState().isEmpty() ? null : e.sqlState();
        int code = e.vendorCode();
        String message = e.message();
        return switch (e.kind()) {
            case Frame.Error.DENIED -> new SQLSyntaxErrorException("Guard denied the statement"
                    + parenthesized("rule", e.rule(), "check", e.check()) + ": " + message, or(state, "42000"), code);
            case Frame.Error.APPROVAL_REQUIRED -> new GuardApprovalRequiredException("Guard holds the statement for approval"
                    + parenthesized("request", e.approvalId(), "rule", e.rule()) + ": " + message, or(state, "42000"), code,
                    e.approvalId(), e.rule());
            case Frame.Error.AUTHENTICATION -> new SQLInvalidAuthorizationSpecException(message, or(state, "28000"), code);
            case Frame.Error.SESSION -> new SQLNonTransientConnectionException(message, or(state, "08003"), code);
            case Frame.Error.BAD_REQUEST -> state != null && state.startsWith("42")
                    ? new SQLSyntaxErrorException(message, state, code)
                    : new SQLNonTransientConnectionException(message, or(state, "08P01"), code);
            case Frame.Error.UNAVAILABLE -> new SQLTransientConnectionException(message, or(state, "08S01"), code);
            // 3024: a time limit (the caller's or the policy's statement_timeout) stopped it.
            case Frame.Error.CANCELLED -> (timeoutSet && !cancelled) || code == 3024
                    ? new SQLTimeoutException(message, or(state, "70100"), code)
                    : new SQLException(message, or(state, "70100"), code);
            default -> bySqlState(message, state, code);
        };
    }

    /** As Connector/J (and jdbc-compat.md): the SQLState's class picks the exception class. */
    static SQLException bySqlState(String message, String state, int code) {
        String cls = state == null || state.length() < 2 ? "" : state.substring(0, 2);
        return switch (cls) {
            case "42" -> new SQLSyntaxErrorException(message, state, code);
            case "23" -> new SQLIntegrityConstraintViolationException(message, state, code);
            case "22" -> new SQLDataException(message, state, code);
            case "40" -> new SQLTransactionRollbackException(message, state, code);
            case "08" -> new SQLNonTransientConnectionException(message, state, code);
            case "28" -> new SQLInvalidAuthorizationSpecException(message, state, code);
            default -> new SQLException(message, state, code);
        };
    }

    private static String or(String state, String fallback) {
        return state == null ? fallback : state;
    }

    /** " (a x, b y)" for the parts that are known, or "". */
    private static String parenthesized(String a, String x, String b, String y) {
        if (x == null && y == null) {
            return "";
        }
        if (x == null) {
            return " (" + b + " " + y + ")";
        }
        return " (" + a + " " + x + (y == null ? "" : ", " + b + " " + y) + ")";
    }

    /** A chain of warnings from an End frame, or null. */
    static SQLWarning warnings(List<Frame.Warning> list) {
        SQLWarning first = null;
        for (Frame.Warning w : list) {
            first = chain(first, new SQLWarning(w.message(), w.sqlState(), w.code()));
        }
        return first;
    }

    static SQLWarning chain(SQLWarning first, SQLWarning next) {
        if (next == null) {
            return first;
        }
        if (first == null) {
            return next;
        }
        first.setNextWarning(next);
        return first;
    }

    /** A fetch size as JDBC allows it: not negative, but MySQL's streaming idiom Integer.MIN_VALUE is accepted. */
    static int fetchSize(int rows) throws SQLException {
        if (rows < 0 && rows != Integer.MIN_VALUE) {
            throw new SQLException("the fetch size may not be negative", "HY024");
        }
        return rows;
    }

    static SQLException closed(String what) {
        return new SQLNonTransientConnectionException("the " + what + " is closed", "08003");
    }

    static SQLException statementClosed(String what) {
        return new SQLException("the " + what + " is closed", "HY010");
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by the Guard driver", "0A000");
    }

    static SQLException masked(ColumnInfo c) {
        return new SQLDataException("column " + c.label() + " is masked by rule " + c.maskRule()
                + "; read it with getString", "22018");
    }

    static SQLException cannotConvert(ColumnInfo c, String target) {
        return new SQLDataException("column " + c.label() + " (" + c.typeName() + ") holds a value that cannot be read as "
                + target, "22018");
    }

    static SQLException outOfRange(ColumnInfo c, Object value, String target) {
        return new SQLDataException("column " + c.label() + ": value " + value + " is out of range for " + target, "22003");
    }

    static SQLException badTemporal(ColumnInfo c, String why) {
        return new SQLDataException("column " + c.label() + ": " + why, "22007");
    }
}
