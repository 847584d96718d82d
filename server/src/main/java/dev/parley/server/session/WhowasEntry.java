package dev.parley.server.session;

import java.time.Instant;

/** What WHOWAS remembers of a nick after it is gone. */
public record WhowasEntry(String nick, String user, String host, String realName, Instant leftAt) {
}
