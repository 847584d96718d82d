package dev.parley.server.session;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.delivery.Outbox;
import dev.parley.server.delivery.Recipient;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One client connection and everything the server knows about it; what concerns the connection
 * itself (where from, TLS, when, closing) is its {@link ClientConnection} part. Its state is
 * changed only while holding the server state lock (see {@code ServerState}), so handlers read and
 * write it freely. What it is sent goes through the outbox of its event loop (see {@link Recipient}).
 */
public final class Session extends ClientConnection {
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

    private final CommandOrder commands = new CommandOrder();
    /** Replies collected for its labeled commands; made by the first, as most clients never send one. */
    private LabeledReplies labeled;

    private Object saslExchange;
    private MarkerSet markers;
    private Object multiline;

    public Session(Channel channel, Outbox outbox, InetAddress address, String host, boolean secure) {
        super(channel, outbox, address, secure);
        this.host = host;
    }

    /** How an address is shown as a host in prefixes and replies. */
    public static String hostOf(InetAddress address) {
        String host = address.getHostAddress();
        // An IPv6 host starting with ':' would read as a trailing parameter.
        return host.startsWith(":") ? "0" + host : host;
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

    /** The label of the command running, while its replies are collected (labeled-response). */
    public Optional<String> label() {
        return Optional.ofNullable(labeled == null ? null : labeled.label());
    }

    /** Starts collecting replies for a labeled command. */
    public void beginLabel(String label) {
        if (labeled == null) {
            labeled = new LabeledReplies();
        }
        labeled.begin(label);
    }

    /** Stops collecting and hands back what was collected. */
    public List<IrcMessage> endLabel() {
        return labeled == null ? List.of() : labeled.end();
    }

    /** Sets the running label aside while the command waits for slow work (the session is suspended). */
    public void parkLabel() {
        if (labeled != null) {
            labeled.park();
        }
    }

    /** Takes a parked label up again when the slow work is done; the label, or null if none was parked. */
    public String unparkLabel() {
        return labeled == null ? null : labeled.unpark();
    }

    /**
     * Takes the running command's label away from the dispatcher: the command answers it later
     * itself (a multiline batch answers when it ends). Null when there is none.
     */
    public String takeLabel() {
        return labeled == null ? null : labeled.take();
    }

    /**
     * Sends a message to this client. While this client's labeled command runs, replies are held
     * so they can be labeled (and batched) together when the command ends.
     */
    public void send(IrcMessage message) {
        if (labeled != null && labeled.collect(message)) {
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

    /** The multiline batch it is sending (draft/multiline), or null. */
    @SuppressWarnings("unchecked")
    public <T> T multiline() {
        return (T) multiline;
    }

    public void multiline(Object batch) {
        multiline = batch;
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
        return "Session[" + (nick == null ? address().getHostAddress() : nick) + "]";
    }
}
