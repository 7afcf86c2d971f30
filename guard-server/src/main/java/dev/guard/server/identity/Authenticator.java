package dev.guard.server.identity;

import dev.guard.policy.Caller;
import java.util.Optional;

/** Turns a presented credential into the caller it proves, or nothing. */
public interface Authenticator {

    /** The caller whose credential this is; empty when it proves no one. Never throws. */
    Optional<Caller> authenticate(String bearerToken);
}
