package dev.parley.server.command;

import dev.parley.protocol.CaseMapping;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import dev.parley.protocol.Isupport;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.history.History;
import dev.parley.server.history.HistoryTime;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.moderation.ServerBans;
import dev.parley.server.room.HostmaskMatcher;
import dev.parley.server.room.Rooms;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Monitors;
import dev.parley.server.session.ServerState;
import dev.parley.server.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** What every command handler needs: the configuration, the state, and the server's identity. */
public final class ServerContext {
    public static final String VERSION = "parley-0.1.0";
    public static final int NICK_LENGTH = 30;
    public static final int USER_LENGTH = 18;
    public static final int HOST_LENGTH = 64;
    public static final int ROOM_LENGTH = 64;
    public static final int TOPIC_LENGTH = 390;
    public static final int AWAY_LENGTH = 390;
    public static final int KICK_LENGTH = 390;
    public static final int MAX_TARGETS = 4;
    public static final int MAX_MODE_PARAMS = 6;
    /** In ASCII order, so that ids compare as their times do. */
    private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final ServerState state;
    private final Rooms rooms;
    private final HostmaskMatcher matcher;
    private final Instant startedAt = Instant.now();
    private final ServerMetrics metrics = new ServerMetrics();
    private volatile ParleyConfig config;
    private volatile Isupport isupport;
    private volatile History history = History.disabled();
    private ReadMarkers readMarkers = new ReadMarkers(this, null);
    private volatile ServerBans bans;
    private volatile FormattedTime lastTime = new FormattedTime(Long.MIN_VALUE, "");

    public ServerContext(ParleyConfig config) {
        this.state = new ServerState(CaseMapping.RFC1459);
        this.rooms = new Rooms(state.caseMapping());
        this.matcher = new HostmaskMatcher(state.caseMapping());
        this.bans = ServerBans.none(matcher);
        config(config);
        metrics.watch(state);
        metrics.watch(this::history);
    }

    /** What the server counts, for /metrics. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The server bans in force (none until the server opens its database). */
    public ServerBans bans() {
        return bans;
    }

    public void bans(ServerBans serverBans) {
        bans = serverBans;
    }

    /** What is kept of what is said (disabled until the server opens its database). */
    public History history() {
        return history;
    }

    public void history(History newHistory) {
        history = newHistory;
        isupport = buildIsupport(config);
    }

    /** Read markers (draft/read-marker); without a store until the server opens its database. */
    public ReadMarkers readMarkers() {
        return readMarkers;
    }

    public void readMarkers(ReadMarkers markers) {
        readMarkers = markers;
    }

    public ParleyConfig config() {
        return config;
    }

    /** Applies a (re)loaded configuration to everything that reads it live. */
    public void config(ParleyConfig newConfig) {
        config = newConfig;
        isupport = buildIsupport(newConfig);
    }

    public ServerState state() {
        return state;
    }

    /** Which rooms exist and who is in which. */
    public Rooms rooms() {
        return rooms;
    }

    public HostmaskMatcher matcher() {
        return matcher;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String serverName() {
        return config.server().name();
    }

    public Isupport isupport() {
        return isupport;
    }

    private Isupport buildIsupport(ParleyConfig cfg) {
        Isupport tokens = new Isupport()
                .put("ACCOUNTEXTBAN", "a")
                .put("AWAYLEN", String.valueOf(AWAY_LENGTH))
                .put("BOT", "B")
                .put("CASEMAPPING", state.caseMapping().token())
                .put("CHANLIMIT", "#:" + cfg.limits().maxRoomsPerUser())
                .put("CHANMODES", "beI,k,l,imnst")
                .put("CHANNELLEN", String.valueOf(ROOM_LENGTH))
                .put("CHANTYPES", "#")
                .put("ELIST", "U")
                .put("EXCEPTS", "e")
                .put("EXTBAN", "$,am")
                .put("HOSTLEN", String.valueOf(HOST_LENGTH))
                .put("INVEX", "I")
                .put("KICKLEN", String.valueOf(KICK_LENGTH))
                .put("MAXLIST", "beI:100")
                .put("MAXTARGETS", String.valueOf(MAX_TARGETS))
                .put("MODES", String.valueOf(MAX_MODE_PARAMS))
                .put("MONITOR", String.valueOf(Monitors.LIMIT))
                .put("NETWORK", cfg.server().network())
                .put("NICKLEN", String.valueOf(NICK_LENGTH))
                .put("PREFIX", "(ov)@+")
                .put("STATUSMSG", "@+")
                .put("TARGMAX", "JOIN:,PART:,KICK:1,NAMES:1,LIST:1,WHOIS:1,PRIVMSG:" + MAX_TARGETS
                        + ",NOTICE:" + MAX_TARGETS + ",TAGMSG:" + MAX_TARGETS)
                .put("TOPICLEN", String.valueOf(TOPIC_LENGTH))
                .put("USERLEN", String.valueOf(USER_LENGTH))
                .put("UTF8ONLY", null)
                .put("WHOX", null);
        if (history != null && history.enabled()) {
            tokens.put("CHATHISTORY", String.valueOf(History.MAX_PAGE)).put("MSGREFTYPES", "msgid,timestamp");
        }
        return tokens;
    }

    /**
     * A numeric reply to {@code to}: source the server, first parameter the client's nick. A
     * parameter before the last that one line cannot carry (a client's {@code WHOIS :a b} names a
     * nick with a space, to be echoed in the 401) is sent as {@code *}, so the reply still goes out.
     */
    public IrcMessage numeric(Session to, String numeric, String... params) {
        List<String> all = new ArrayList<>(params.length + 1);
        all.add(to.nickOrStar());
        for (int i = 0; i < params.length; i++) {
            boolean middle = i < params.length - 1;
            all.add(middle && IrcSerializer.needsTrailing(params[i]) ? "*" : params[i]);
        }
        return IrcMessage.from(serverName(), numeric, all);
    }

    /** Sends a numeric reply. */
    public void reply(Session to, String numeric, String... params) {
        to.send(numeric(to, numeric, params));
    }

    /** An IRCv3 standard reply (FAIL/WARN/NOTE). */
    public void standardReply(Session to, String type, String command, String code, String description) {
        to.send(IrcMessage.from(serverName(), type, command, code, description));
    }

    /** An IRCv3 standard reply with context parameters (the subcommand, the target...) before the description. */
    public void standardReply(Session to, String type, String command, String code, List<String> context,
                              String description) {
        List<String> params = new ArrayList<>(context.size() + 3);
        params.add(command);
        params.add(code);
        params.addAll(context);
        params.add(description);
        to.send(IrcMessage.from(serverName(), type, params));
    }

    /**
     * Tells an operator that its command (KLINE, CHGHOST...: no spec of their own) was done: a
     * {@code NOTE} to a client that enabled standard-replies, as that spec recommends over server
     * notices, and a server NOTICE with the same text to any other.
     */
    public void done(Session to, String command, String code, String context, String description) {
        if (to.has(Capability.STANDARD_REPLIES)) {
            standardReply(to, "NOTE", command, code, List.of(context), description);
        } else {
            to.send(IrcMessage.from(serverName(), "NOTICE", to.nickOrStar(), description));
        }
    }

    public String serverTime(Instant instant) {
        return serverTime(instant.toEpochMilli());
    }

    public String serverTime(long millis) {
        FormattedTime last = lastTime;
        if (last.millis != millis) {
            // Every message in the same millisecond carries the same time: formatted once.
            last = new FormattedTime(millis, HistoryTime.format(millis));
            lastTime = last;
        }
        return last.text;
    }

    /** The last time formatted for a server-time tag. */
    private record FormattedTime(long millis, String text) {
    }

    /**
     * The tags of what {@code sender} says or does (a message, a JOIN, a NICK...): its time, its
     * id (by which history finds it again) and, if logged in, the sender's account.
     */
    public Map<String, String> messageTags(Session sender, long millis) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("time", serverTime(millis));
        tags.put("msgid", newMessageId());
        sender.account().ifPresent(account -> tags.put("account", account));
        if (sender.bot()) {
            tags.put("bot", "");
        }
        return tags;
    }

    /** {@link #messageTags(Session, long)} for now. */
    public Map<String, String> eventTags(Session sender) {
        return messageTags(sender, System.currentTimeMillis());
    }

    /**
     * An id of letters and digits for msgid tags and batch references: the time in milliseconds
     * (7 characters) and 9 random ones. Unique is what they must be, not secret (nothing is
     * granted to whoever guesses one), so a fast generator serves: the system's secure one takes
     * a lock and costs more than the rest of a message. Beginning with the time, ids made later
     * sort later, so history's index of them grows at its end instead of everywhere.
     */
    public String newMessageId() {
        char[] id = new char[16];
        long time = System.currentTimeMillis();
        for (int i = 6; i >= 0; i--) {
            id[i] = ID_ALPHABET.charAt((int) (time % 62));
            time /= 62;
        }
        long bits = ThreadLocalRandom.current().nextLong();
        for (int i = 7; i < id.length; i++) {
            // 62 letters and digits from 6 bits each: the few values past 61 wrap, a slight bias
            // that costs uniqueness nothing at 54 random bits.
            id[i] = ID_ALPHABET.charAt((int) ((bits & 63) % ID_ALPHABET.length()));
            bits >>>= 6;
        }
        return new String(id);
    }
}
