/**
 * The {@code jdbc:guard:} driver: a JDBC 4.3 driver that sends every statement over HTTP/2 to
 * guard-server, which decides it against a policy, runs it on MySQL and streams back masked rows.
 *
 * <p>Public API: {@link dev.guard.jdbc.GuardDriver} (registered through {@code ServiceLoader}),
 * {@link dev.guard.jdbc.GuardApprovalRequiredException} (a statement waits for a human's
 * approval) and {@link dev.guard.jdbc.GuardResultSetMetaData} (which columns Guard masked).
 * Everything else is package-private.
 */
package dev.guard.jdbc;
