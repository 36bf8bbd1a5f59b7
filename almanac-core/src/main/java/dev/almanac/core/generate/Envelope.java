package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

/** The fields every event of one session shares. */
record Envelope(String username, String agent, String ip, String acceptLanguage, String session) {
    Envelope {
        requireNonNull(username, "username is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(ip, "ip is null");
        requireNonNull(acceptLanguage, "acceptLanguage is null");
        requireNonNull(session, "session is null");
    }
}
