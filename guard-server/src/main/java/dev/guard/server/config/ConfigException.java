package dev.guard.server.config;

import java.util.Objects;

/**
 * A configuration file that cannot be loaded. The message reads {@code <file>:<line>: <key path>: <reason>},
 * e.g. {@code guard.yaml:6: upstream.pool_size: expected an integer from 1 to 1000, found '0'}; for problems of
 * the whole document (not YAML, too large) the key path is empty and left out, and when the file itself cannot
 * be read the line is 0 and left out too ({@code guard.yaml: cannot read the file: no such file}). List indexes
 * in key paths start at 0. No message ever holds the value of a secret.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String key;
    private final String reason;

    public ConfigException(String file, int line, String key, String reason) {
        super(file + ":" + (line > 0 ? line + ": " : " ") + (key.isEmpty() ? "" : key + ": ") + reason);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.key = key;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The configuration file's name as given to the loader. */
    public String file() {
        return file;
    }

    /**
     * 1-based line of the offending node (for a missing key: of the mapping that lacks it); 0 when the file
     * could not be read at all.
     */
    public int line() {
        return line;
    }

    /** Key path such as {@code identity.static_tokens[1].user}; empty for problems of the whole document. */
    public String key() {
        return key;
    }

    /** The reason alone, without file, line and key. */
    public String reason() {
        return reason;
    }
}
