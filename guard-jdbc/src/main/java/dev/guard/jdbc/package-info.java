/** The {@code jdbc:guard:} driver. */
package dev.guard.jdbc;
