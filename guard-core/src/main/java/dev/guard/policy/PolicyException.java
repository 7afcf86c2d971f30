package dev.guard.policy;

import java.util.Objects;

/**
 * A policy file that cannot be loaded. The message reads {@code <file>:<line>: <key path>: <reason>}, e.g.
 * {@code policy.yaml:14: rules[2].effect: unknown effect 'permit'; expected allow, deny or require_approval};
 * for problems of the whole document (not YAML, too large) the key path is empty and left out.
 * List indexes in key paths start at 0.
 */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String key;
    private final String reason;

    public PolicyException(String file, int line, String key, String reason) {
        super(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + reason);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.key = key;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The policy file's name as given to the loader. */
    public String file() {
        return file;
    }

    /** 1-based line of the offending node (for a missing key: of the mapping that lacks it). */
    public int line() {
        return line;
    }

    /** Key path such as {@code rules[3].tables[0]}; empty for problems of the whole document. */
    public String key() {
        return key;
    }

    /** The reason alone, without file, line and key. */
    public String reason() {
        return reason;
    }
}
