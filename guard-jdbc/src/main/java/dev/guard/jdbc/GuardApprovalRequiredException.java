package dev.guard.jdbc;

import java.sql.SQLSyntaxErrorException;

/**
 * Guard's policy holds the statement for a human's approval: it did not run. Retry it once the
 * request named by {@link #approvalId()} is approved. A {@link SQLSyntaxErrorException}
 * (SQLState 42000, vendor code 9001), so libraries that only know JDBC treat it as a refusal.
 */
public final class GuardApprovalRequiredException extends SQLSyntaxErrorException {

    private static final long serialVersionUID = 1L;

    private final String approvalId;
    private final String rule;

    public GuardApprovalRequiredException(String message, String sqlState, int vendorCode, String approvalId,
                                          String rule) {
        super(message, sqlState, vendorCode);
        this.approvalId = approvalId;
        this.rule = rule;
    }

    /** The approval request to wait for, or null when the server named none. */
    public String approvalId() {
        return approvalId;
    }

    /** The policy rule that requires approval, or null. */
    public String rule() {
        return rule;
    }
}
