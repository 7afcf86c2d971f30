package dev.guard.policy;

import dev.guard.yaml.YamlProblem;

/**
 * A policy file that cannot be loaded. The message reads {@code <file>:<line>: <key path>: <reason>}, e.g.
 * {@code policy.yaml:14: rules[2].effect: unknown effect 'permit'; expected allow, deny or require_approval};
 * for problems of the whole document (not YAML, too large) the key path is empty and left out.
 * List indexes in key paths start at 0.
 */
public final class PolicyException extends YamlProblem {
    private static final long serialVersionUID = 1L;

    public PolicyException(String file, int line, String key, String reason) {
        super(file, line, key, reason);
    }
}
