package dev.parley.server.room;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.delivery.Audience;
import dev.parley.server.delivery.Fanout;
import dev.parley.server.delivery.Rendering;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A chat room ("channel" in IRC): its members, topic and modes. Changed only under the state lock. */
public final class Room {
    private static final int LIST_CAPACITY = 100;

    private String name;
    private final Instant createdAt = Instant.now();
    private final Map<Session, Membership> members = new LinkedHashMap<>();
    /** The members as fan-outs see them; null after a change, rebuilt by the next fan-out. */
    private Audience audience;

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

    /** Through {@link Rooms#rename}, which keeps the index by name. */
    void rename(String newName) {
        name = newName;
    }

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

    /** Through {@link Rooms#join}, which keeps the client's side. */
    Membership add(Session session) {
        Membership membership = members.get(session);
        if (membership == null) {
            membership = new Membership();
            members.put(session, membership);
            audience = null;
        }
        return membership;
    }

    /** Gives or takes a member's operator status (+o). */
    public void operator(Session member, boolean on) {
        Membership m = members.get(member);
        if (m != null && m.operator() != on) {
            m.operator(on);
            audience = null;
        }
    }

    /** Gives or takes a member's voice (+v). */
    public void voiced(Session member, boolean on) {
        Membership m = members.get(member);
        if (m != null && m.voiced() != on) {
            m.voiced(on);
            audience = null;
        }
    }

    /** Called when something a fan-out reads of a member (its view) changed. */
    public void membersChanged() {
        audience = null;
    }

    /** Who fan-outs reach, as of now. */
    public Audience audience() {
        if (audience == null) {
            Audience.Builder builder = Audience.builder();
            members.forEach((member, m) -> builder.add(member, member.view(),
                    m.operator() ? Audience.OPERATOR : m.voiced() ? Audience.VOICED : Audience.MEMBER));
            audience = builder.build();
        }
        return audience;
    }

    /**
     * Sends {@code message} to every member. The member whose command caused it gets it as a reply
     * (so it can be labeled); everyone else as a plain delivery.
     */
    public void broadcast(IrcMessage message, Session origin) {
        fanout(view -> TagPolicy.forView(view, message), origin, Audience.MEMBER);
        if (origin != null && members.containsKey(origin)) {
            origin.send(message);
        }
    }

    /** Sends to the members of at least {@code minRank} but {@code except}, each as its view shows it. */
    public void fanout(Rendering rendering, Session except, int minRank) {
        Fanout.send(audience(), rendering, except, minRank);
    }

    /** Through {@link Rooms#leave}, which keeps the client's side. */
    void remove(Session session) {
        if (members.remove(session) != null) {
            audience = null;
        }
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

    /** Whether {@code subject} is banned and not excepted. */
    public boolean banned(MaskSubject subject, HostmaskMatcher matcher) {
        return bans.matches(subject, matcher) && !banExceptions.matches(subject, matcher);
    }

    /** Whether {@code subject} is muted ({@code +b $m:mask}) and not excepted; voice and +o are the caller's to check. */
    public boolean muted(MaskSubject subject, HostmaskMatcher matcher) {
        return bans.mutes(subject, matcher) && !banExceptions.matches(subject, matcher);
    }
}
