package dev.guard.server.config;

import dev.guard.yaml.YamlProblem;

/**
 * A configuration file that cannot be loaded. The message reads {@code <file>:<line>: <key path>: <reason>},
 * e.g. {@code guard.yaml:6: upstream.pool_size: expected an integer from 1 to 1000, found '0'}; for problems of
 * the whole document (not YAML, too large) the key path is empty and left out, and when the file itself cannot
 * be read the line is 0 and left out too ({@code guard.yaml: cannot read the file: no such file}). List indexes
 * in key paths start at 0. No message ever holds the value of a secret.
 */
public final class ConfigException extends YamlProblem {
    private static final long serialVersionUID = 1L;

    public ConfigException(String file, int line, String key, String reason) {
        super(file, line, key, reason);
    }
}
