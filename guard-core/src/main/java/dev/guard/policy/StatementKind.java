package dev.guard.policy;

/** Kinds of table access a rule can name (policy key {@code statements}); written in upper case, read in any case. */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE, REPLACE, CALL, CREATE, ALTER, DROP, TRUNCATE, RENAME, GRANT, REVOKE, SHOW
}
