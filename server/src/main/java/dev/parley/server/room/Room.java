package dev.parley.server.room;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.session.Session;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A chat room ("channel" in IRC): its members, topic and modes. Changed only under the state lock. */
public final class Room {
    private static final int LIST_CAPACITY = 100;

    private final String name;
    private final Instant createdAt = Instant.now();
    private final Map<Session, Membership> members = new LinkedHashMap<>();

    private String topic;
    private String topicSetBy;
    private Instant topicSetAt;

    private boolean inviteOnly;
    private boolean moderated;
    private boolean noExternalMessages = true;
    private boolean topicLocked = true;
    private boolean secret;
    private String key;
    private int limit;

    private final MaskList bans = new MaskList(LIST_CAPACITY);
    private final MaskList banExceptions = new MaskList(LIST_CAPACITY);
    private final MaskList inviteExceptions = new MaskList(LIST_CAPACITY);

    public Room(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Set<Session> members() {
        return Collections.unmodifiableSet(members.keySet());
    }

    public Map<Session, Membership> memberships() {
        return Collections.unmodifiableMap(members);
    }

    public Optional<Membership> membership(Session session) {
        return Optional.ofNullable(members.get(session));
    }

    public boolean has(Session session) {
        return members.containsKey(session);
    }

    public boolean isOperator(Session session) {
        Membership m = members.get(session);
        return m != null && m.operator();
    }

    public boolean isVoicedOrOperator(Session session) {
        Membership m = members.get(session);
        return m != null && (m.operator() || m.voiced());
    }

    public Membership add(Session session) {
        return members.computeIfAbsent(session, s -> new Membership());
    }

    /**
     * Sends {@code message} to every member. The member whose command caused it gets it as a reply
     * (so it can be labeled); everyone else as a plain delivery.
     */
    public void broadcast(IrcMessage message, Session origin) {
        for (Session member : members.keySet()) {
            if (member == origin) {
                member.send(message);
            } else {
                member.write(message);
            }
        }
    }

    public void remove(Session session) {
        members.remove(session);
    }

    public boolean empty() {
        return members.isEmpty();
    }

    public int size() {
        return members.size();
    }

    public Optional<String> topic() {
        return Optional.ofNullable(topic);
    }

    public String topicSetBy() {
        return topicSetBy;
    }

    public Instant topicSetAt() {
        return topicSetAt;
    }

    public void topic(String newTopic, String setBy) {
        topic = newTopic.isEmpty() ? null : newTopic;
        topicSetBy = setBy;
        topicSetAt = Instant.now();
    }

    public boolean inviteOnly() {
        return inviteOnly;
    }

    public void inviteOnly(boolean value) {
        inviteOnly = value;
    }

    public boolean moderated() {
        return moderated;
    }

    public void moderated(boolean value) {
        moderated = value;
    }

    public boolean noExternalMessages() {
        return noExternalMessages;
    }

    public void noExternalMessages(boolean value) {
        noExternalMessages = value;
    }

    public boolean topicLocked() {
        return topicLocked;
    }

    public void topicLocked(boolean value) {
        topicLocked = value;
    }

    public boolean secret() {
        return secret;
    }

    public void secret(boolean value) {
        secret = value;
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    public void key(String newKey) {
        key = newKey;
    }

    public int limit() {
        return limit;
    }

    public void limit(int newLimit) {
        limit = newLimit;
    }

    public MaskList bans() {
        return bans;
    }

    public MaskList banExceptions() {
        return banExceptions;
    }

    public MaskList inviteExceptions() {
        return inviteExceptions;
    }

    /** The mode string with its parameters; the key only for members. */
    public String modeString(boolean showKey) {
        StringBuilder flags = new StringBuilder("+");
        StringBuilder params = new StringBuilder();
        if (inviteOnly) {
            flags.append('i');
        }
        if (key != null) {
            flags.append('k');
            params.append(' ').append(showKey ? key : "*");
        }
        if (limit > 0) {
            flags.append('l');
            params.append(' ').append(limit);
        }
        if (moderated) {
            flags.append('m');
        }
        if (noExternalMessages) {
            flags.append('n');
        }
        if (secret) {
            flags.append('s');
        }
        if (topicLocked) {
            flags.append('t');
        }
        return flags.append(params).toString();
    }

    /** Whether the prefix is banned and not excepted. */
    public boolean banned(String prefix, HostmaskMatcher matcher) {
        return bans.matches(prefix, matcher) && !banExceptions.matches(prefix, matcher);
    }
}
