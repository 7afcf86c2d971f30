package dev.guard.protocol;

import java.io.IOException;

/** A message that does not follow the protocol: malformed, truncated or over a limit. */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
