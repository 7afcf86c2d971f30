package dev.guard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded policy file (format version 1). Build one with {@link PolicyLoader}.
 *
 * @param source the file name used in messages
 */
public record Policy(Defaults defaults, List<Rule> rules, List<MaskingRule> masking, String source) {
    public Policy {
        Objects.requireNonNull(defaults, "defaults");
        rules = List.copyOf(rules);
        masking = List.copyOf(masking);
        Objects.requireNonNull(source, "source");
    }

    /** The rules whose subjects match the caller, in file order. */
    public List<Rule> rulesFor(Caller c) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r.subjects().matches(c)) out.add(r);
        }
        return List.copyOf(out);
    }
}
