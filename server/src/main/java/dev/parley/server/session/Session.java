package dev.parley.server.session;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.delivery.Outbox;
import dev.parley.server.delivery.Recipient;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One client connection and everything the server knows about it. Its state is changed only while
 * holding the server state lock (see {@code ServerState}), so handlers read and write it freely.
 * What it is sent goes through the outbox of its event loop (see {@link Recipient}).
 */
public final class Session extends Recipient {
    private final InetAddress address;
    private final boolean secure;
    private final long connectedAtMillis = System.currentTimeMillis();

    private RegistrationState state = RegistrationState.CONNECTING;
    private String nick;
    private String user;
    private String realName;
    /** The host others see: the address, its cloak, or what an operator set (CHGHOST). */
    private String host;
    private String password;
    private boolean serverPasswordAccepted;
    private String account;
    private String awayMessage;
    private boolean operator;
    private boolean invisible;
    private boolean bot;
    private boolean capNegotiating;
    private int capVersion;
    /** Enabled capabilities, one bit each ({@link TagPolicy#bit}). */
    private int capabilityBits;
    private Invites invites;
    private volatile long lastActiveMillis = System.currentTimeMillis();

    private final CommandOrder commands = new CommandOrder();
    private volatile String certificateFingerprint;

    /** While a labeled command runs: its label, and the replies collected for it. */
    private String label;
    private List<IrcMessage> labeledReplies;
    private String parkedLabel;
    private List<IrcMessage> parkedReplies;

    private Object saslExchange;
    private MarkerSet markers;
    private Object multiline;

    public Session(Channel channel, Outbox outbox, InetAddress address, String host, boolean secure) {
        super(channel, outbox);
        this.address = address;
        this.host = host;
        this.secure = secure;
    }

    /** How an address is shown as a host in prefixes and replies. */
    public static String hostOf(InetAddress address) {
        String host = address.getHostAddress();
        // An IPv6 host starting with ':' would read as a trailing parameter.
        return host.startsWith(":") ? "0" + host : host;
    }

    public InetAddress address() {
        return address;
    }

    /** Whether the connection is TLS (or loopback, which never leaves the machine). */
    public boolean secure() {
        return secure;
    }

    public boolean loopback() {
        return address.isLoopbackAddress();
    }

    /** The SHA-256 fingerprint of the client's TLS certificate, once the handshake gave one. */
    public Optional<String> certificateFingerprint() {
        return Optional.ofNullable(certificateFingerprint);
    }

    public void certificateFingerprint(String fingerprint) {
        certificateFingerprint = fingerprint;
    }

    public Instant connectedAt() {
        return Instant.ofEpochMilli(connectedAtMillis);
    }

    public RegistrationState state() {
        return state;
    }

    public void state(RegistrationState newState) {
        state = newState;
    }

    public boolean registered() {
        return state == RegistrationState.REGISTERED;
    }

    /** The nick, or "*" before one is set (as numerics address unregistered clients). */
    public String nickOrStar() {
        return nick == null ? "*" : nick;
    }

    public String nick() {
        return nick;
    }

    public void nick(String newNick) {
        nick = newNick;
    }

    public String user() {
        return user;
    }

    public void user(String newUser) {
        user = newUser;
    }

    public String realName() {
        return realName;
    }

    public void realName(String newRealName) {
        realName = newRealName;
    }

    public String host() {
        return host;
    }

    public void host(String newHost) {
        host = newHost;
    }

    /** nick!user@host, the source of everything this client says. */
    public String prefix() {
        return nick + "!" + user + "@" + host;
    }

    public String password() {
        return password;
    }

    public void password(String given) {
        password = given;
    }

    /** Whether the PASS given has been checked and matched the server password. */
    public boolean serverPasswordAccepted() {
        return serverPasswordAccepted;
    }

    public void serverPasswordAccepted(boolean accepted) {
        serverPasswordAccepted = accepted;
        if (accepted) {
            password = null; // no longer needed; held no longer than it must be
        }
    }

    public Optional<String> account() {
        return Optional.ofNullable(account);
    }

    public void account(String newAccount) {
        account = newAccount;
    }

    public Optional<String> awayMessage() {
        return Optional.ofNullable(awayMessage);
    }

    public void awayMessage(String message) {
        awayMessage = message;
    }

    public boolean operator() {
        return operator;
    }

    /** Through {@link ServerState#operator(Session, boolean)}, which keeps the count. */
    void operator(boolean isOperator) {
        operator = isOperator;
    }

    public boolean invisible() {
        return invisible;
    }

    /** Through {@link ServerState#invisible(Session, boolean)}, which keeps the count. */
    void invisible(boolean isInvisible) {
        invisible = isInvisible;
    }

    /** User mode +B (IRCv3 bot mode): the client says it is a bot, and its messages say so. */
    public boolean bot() {
        return bot;
    }

    public void bot(boolean isBot) {
        bot = isBot;
    }

    public String userModes() {
        StringBuilder modes = new StringBuilder("+");
        if (bot) {
            modes.append('B');
        }
        if (invisible) {
            modes.append('i');
        }
        if (operator) {
            modes.append('o');
        }
        return modes.toString();
    }

    public boolean capNegotiating() {
        return capNegotiating;
    }

    public void capNegotiating(boolean negotiating) {
        capNegotiating = negotiating;
    }

    public int capVersion() {
        return capVersion;
    }

    public void capVersion(int version) {
        capVersion = Math.max(capVersion, version);
    }

    public boolean has(Capability cap) {
        return TagPolicy.has(capabilityBits, cap);
    }

    /** The enabled capabilities, in the order of {@link Capability}. */
    public Set<Capability> caps() {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (Capability cap : Capability.values()) {
            if (has(cap)) {
                caps.add(cap);
            }
        }
        return caps;
    }

    /**
     * Enables and disables capabilities (CAP REQ, CAP DEL); true when that changed its view, which
     * the audiences of its rooms must then hear of ({@code Rooms.viewChanged}).
     */
    public boolean changeCaps(Collection<Capability> enable, Collection<Capability> disable) {
        int bits = capabilityBits;
        for (Capability cap : enable) {
            bits |= TagPolicy.bit(cap);
        }
        for (Capability cap : disable) {
            bits &= ~TagPolicy.bit(cap);
        }
        int oldView = view();
        capabilityBits = bits;
        return view() != oldView;
    }

    public int capabilityBits() {
        return capabilityBits;
    }

    /** What of its capabilities changes what a fan-out sends it (see {@link TagPolicy}). */
    public int view() {
        return capabilityBits & TagPolicy.VIEW_MASK;
    }

    /** The invites this client holds; made on first use, as most connections are never invited. */
    public Invites invites() {
        if (invites == null) {
            invites = new Invites();
        }
        return invites;
    }

    public void touch() {
        lastActiveMillis = System.currentTimeMillis();
    }

    public long idleSeconds() {
        return (System.currentTimeMillis() - lastActiveMillis) / 1000;
    }

    /** When this client's next command may be handled: suspension for slow work, echoes waiting for history. */
    public CommandOrder commands() {
        return commands;
    }

    /**
     * Its message is stored: the echoes go into their place, and everything up to the next echo
     * still waiting is sent. Under the lock, on the session's loop ({@link CommandOrder#later}).
     */
    public void deliverReceipt(Receipts.Slot slot, List<IrcMessage> echoes) {
        Receipts receipts = commands.receipts();
        if (receipts == null) {
            return;
        }
        List<IrcMessage> shown = new ArrayList<>(echoes.size());
        echoes.forEach(echo -> shown.add(TagPolicy.forRecipient(this, echo)));
        receipts.fill(slot, shown);
        if (state == RegistrationState.CLOSING || outbox() == null
                || receipts.takeReady(message -> outbox().send(this, message))) {
            commands.receiptsDone();
        }
    }

    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** Starts collecting replies for a labeled command (labeled-response). */
    public void beginLabel(String newLabel) {
        label = newLabel;
        labeledReplies = new ArrayList<>();
    }

    /** Stops collecting and hands back what was collected. */
    public List<IrcMessage> endLabel() {
        List<IrcMessage> replies = labeledReplies == null ? List.of() : labeledReplies;
        label = null;
        labeledReplies = null;
        return replies;
    }

    /**
     * Sets the running label aside while the command waits for slow work (the session is
     * suspended), so that what others make this client hear meanwhile is not taken for its replies.
     */
    public void parkLabel() {
        parkedLabel = label;
        parkedReplies = labeledReplies;
        label = null;
        labeledReplies = null;
    }

    /** Takes a parked label up again when the slow work is done; the label, or null if none was parked. */
    public String unparkLabel() {
        if (parkedLabel == null) {
            return null;
        }
        label = parkedLabel;
        labeledReplies = parkedReplies;
        parkedLabel = null;
        parkedReplies = null;
        return label;
    }

    /** Where replies go while a label is active, or null. */
    List<IrcMessage> labeledReplies() {
        return labeledReplies;
    }

    /**
     * Sends a message to this client. While this client's labeled command runs, replies are held
     * so they can be labeled (and batched) together when the command ends.
     */
    public void send(IrcMessage message) {
        if (labeledReplies != null) {
            labeledReplies.add(message);
            return;
        }
        write(message);
    }

    /** Sends without the labeled-response hold, with only the tags this client asked for. */
    public void write(IrcMessage message) {
        if (state == RegistrationState.CLOSING || outbox() == null) {
            return;
        }
        Receipts receipts = commands.receipts();
        if (receipts != null) {
            receipts.hold(TagPolicy.forRecipient(this, message)); // behind an echo still waiting
            return;
        }
        outbox().send(this, TagPolicy.forRecipient(this, message));
    }

    /** Sends {@code error} as the last line and closes the connection once it is written. */
    public void close(IrcMessage error) {
        if (outbox() != null) {
            outbox().close(this, error);
        } else {
            channel().close();
        }
    }

    /** The multiline batch it is sending (draft/multiline), or null. */
    @SuppressWarnings("unchecked")
    public <T> T multiline() {
        return (T) multiline;
    }

    public void multiline(Object batch) {
        multiline = batch;
    }

    /**
     * Takes the running command's label away from the dispatcher: the command answers it later
     * itself (a multiline batch answers when it ends). Null when there is none.
     */
    public String takeLabel() {
        String taken = label;
        label = null;
        labeledReplies = null;
        return taken;
    }

    /** Its read markers (draft/read-marker), or null before it has any. */
    public MarkerSet markers() {
        return markers;
    }

    public void markers(MarkerSet set) {
        markers = set;
    }

    @SuppressWarnings("unchecked")
    public <T> T saslExchange() {
        return (T) saslExchange;
    }

    public void saslExchange(Object exchange) {
        saslExchange = exchange;
    }

    @Override
    public String toString() {
        return "Session[" + (nick == null ? address.getHostAddress() : nick) + "]";
    }
}
