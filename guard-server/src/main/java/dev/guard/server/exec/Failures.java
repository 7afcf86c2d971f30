package dev.guard.server.exec;

import dev.guard.policy.Decision;
import dev.guard.protocol.Frame;
import java.sql.SQLException;

/** The Error frames Guard sends, one builder per kind, with the SQLStates of protocol.md. */
public final class Failures {

    private Failures() {}

    public static final int DENIED = 9000;
    public static final int APPROVAL_REQUIRED = 9001;
    public static final int AUTHENTICATION = 9002;
    public static final int SESSION = 9003;
    public static final int BAD_REQUEST = 9004;
    public static final int UNAVAILABLE = 9005;
    public static final int RESULT_MISMATCH = 9006;

    /** A request refused before it ran; carries its Error frame. */
    public static final class Refused extends Exception {
        private final transient Frame.Error error;

        public Refused(Frame.Error error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public Frame.Error error() {
            return error;
        }
    }

    /** The reason goes in the message; rule and check in their own fields (the driver shows all three). */
    public static Frame.Error denied(Decision d) {
        return new Frame.Error(Frame.Error.DENIED, "42000", DENIED, d.reason(), d.rule(), d.check(), null);
    }

    public static Frame.Error approvalRequired(Decision.RequireApproval d, String approvalId) {
        return new Frame.Error(Frame.Error.APPROVAL_REQUIRED, "42000", APPROVAL_REQUIRED,
                d.reason() + " The statement runs once it is approved; quote request " + approvalId + ".",
                d.rule(), d.check(), approvalId);
    }

    public static Frame.Error authentication(String why) {
        return new Frame.Error(Frame.Error.AUTHENTICATION, "28000", AUTHENTICATION, why, null, null, null);
    }

    public static Frame.Error noSession() {
        return new Frame.Error(Frame.Error.SESSION, "08003", SESSION,
                "the Guard session does not exist or has expired; open a new connection", null, null, null);
    }

    public static Frame.Error badRequest(String why) {
        return new Frame.Error(Frame.Error.BAD_REQUEST, "08P01", BAD_REQUEST, why, null, null, null);
    }

    public static Frame.Error tooLong(String why) {
        return new Frame.Error(Frame.Error.BAD_REQUEST, "42000", BAD_REQUEST, why, null, "unparsable", null);
    }

    public static Frame.Error unavailable(String why) {
        return new Frame.Error(Frame.Error.UNAVAILABLE, "08S01", UNAVAILABLE, why, null, null, null);
    }

    /** Stopped by its time limit: MySQL's code for an exceeded max_execution_time, so clients can tell it from a cancel. */
    public static Frame.Error timedOut(String why) {
        return new Frame.Error(Frame.Error.CANCELLED, "70100", 3024, why, null, null, null);
    }

    public static Frame.Error cancelled(String why) {
        return new Frame.Error(Frame.Error.CANCELLED, "70100", 1317, why, null, null, null);
    }

    /** Guard failed in a way it did not foresee; the details are in the server's log only. */
    public static Frame.Error internal() {
        return new Frame.Error(Frame.Error.DATABASE, "HY000", 9007,
                "Guard could not complete the request because of an internal error; it was logged. Try again, or report it",
                null, null, null);
    }

    public static Frame.Error resultMismatch() {
        return new Frame.Error(Frame.Error.DATABASE, "HY000", RESULT_MISMATCH,
                "the result does not have the columns Guard's analysis predicted (an executable comment the server "
                        + "skipped, for example), so no row was returned; rewrite the statement without version comments",
                null, null, null);
    }

    /** A connection-level failure: SQLState class 08, or Connector/J's communications exceptions. */
    public static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08")
                || e.getClass().getName().contains("CommunicationsException");
    }
}
