package dev.guard.yaml;

import java.util.Objects;

/**
 * A YAML file that cannot be loaded; each format has its own subclass. The message reads
 * {@code <file>:<line>: <key path>: <reason>}; the key path is left out when empty (a problem of the whole
 * document, such as text that is not YAML), and the line when 0 (the file could not be read at all).
 * List indexes in key paths start at 0.
 */
public abstract class YamlProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String key;
    private final String reason;

    protected YamlProblem(String file, int line, String key, String reason) {
        super(file + ":" + (line > 0 ? line + ": " : " ") + (key.isEmpty() ? "" : key + ": ") + reason);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.key = key;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The file's name as given to the loader. */
    public String file() {
        return file;
    }

    /**
     * 1-based line of the offending node (for a missing key: of the mapping that lacks it); 0 when the file could
     * not be read at all.
     */
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
