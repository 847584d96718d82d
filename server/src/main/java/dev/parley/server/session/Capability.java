package dev.parley.server.session;

import java.util.Optional;

/**
 * The IRCv3 capabilities Parley offers. Only what works is listed: irctest and clients take the
 * list from CAP LS at its word.
 */
public enum Capability {
    ACCOUNT_NOTIFY("account-notify"),
    ACCOUNT_REGISTRATION("draft/account-registration"),
    ACCOUNT_TAG("account-tag"),
    AWAY_NOTIFY("away-notify"),
    BATCH("batch"),
    CAP_NOTIFY("cap-notify"),
    CHANNEL_RENAME("draft/channel-rename"),
    CHGHOST("chghost"),
    CHATHISTORY("draft/chathistory"),
    ECHO_MESSAGE("echo-message"),
    EVENT_PLAYBACK("draft/event-playback"),
    EXTENDED_ISUPPORT("draft/extended-isupport"),
    EXTENDED_JOIN("extended-join"),
    EXTENDED_MONITOR("extended-monitor"),
    INVITE_NOTIFY("invite-notify"),
    LABELED_RESPONSE("labeled-response"),
    MESSAGE_REDACTION("draft/message-redaction"),
    MESSAGE_TAGS("message-tags"),
    MULTI_PREFIX("multi-prefix"),
    MULTILINE("draft/multiline"),
    NO_IMPLICIT_NAMES("no-implicit-names"),
    PRE_AWAY("draft/pre-away"),
    READ_MARKER("draft/read-marker"),
    SASL("sasl"),
    SERVER_TIME("server-time"),
    SETNAME("setname"),
    SEARCH("soju.im/search"),
    STANDARD_REPLIES("standard-replies"),
    USERHOST_IN_NAMES("userhost-in-names");

    private final String token;

    Capability(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static Optional<Capability> byToken(String token) {
        for (Capability cap : values()) {
            if (cap.token.equals(token)) {
                return Optional.of(cap);
            }
        }
        return Optional.empty();
    }
}
