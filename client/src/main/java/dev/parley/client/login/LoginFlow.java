package dev.parley.client.login;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcNames;
import dev.parley.protocol.Numerics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Logs in on one connection after {@link ServerHello#negotiate}: requests the capabilities the
 * client uses, sends NICK and USER, authenticates with SASL and ends negotiation, up to the
 * server's welcome (001). Several attempts may run on the same connection, as IRCv3 SASL allows
 * another AUTHENTICATE after a failure.
 */
public final class LoginFlow {
    /** What the client asks for when offered; sasl first, as it is the one it cannot do without. */
    public static final List<String> WANTED_CAPS = List.of("sasl", "extended-join", "server-time", "echo-message",
            "account-tag", "away-notify", "message-tags", "multi-prefix", "batch", "setname", "draft/chathistory",
            "draft/read-marker", "soju.im/search", "draft/message-redaction");
    private static final int MAX_NICK_ATTEMPTS = 5;
    private static final String GENERIC_FAILURE = "SASL authentication failed";

    private final ServerLink link;
    private final ServerHello hello;
    private final boolean plainAllowed;
    private final Set<String> enabled = new LinkedHashSet<>();
    private boolean capsRequested;
    private String nickBase;
    private String nickSent;
    private int nickAttempts;
    private boolean userSent;

    /**
     * @param plainAllowed whether SASL PLAIN may be used, i.e. the connection is TLS to a server
     *                     whose certificate was verified
     */
    public LoginFlow(ServerLink link, ServerHello hello, boolean plainAllowed) {
        this.link = link;
        this.hello = hello;
        this.plainAllowed = plainAllowed;
    }

    /** One login attempt. */
    public LoginOutcome login(Credentials credentials) throws LinkClosedException, InterruptedException {
        try {
            sendNickAndUser(credentials.memberId());
            requestCaps();
            if (!enabled.contains("sasl")) {
                return new LoginOutcome.Refused(hello.offers("sasl")
                        ? "The server would not enable SASL login."
                        : "The server does not offer SASL login, which this client needs to log you in.");
            }
            List<String> mechanisms = offeredMechanisms();
            String account = null;
            while (true) {
                SaslMechanism mechanism = choose(mechanisms, credentials);
                Attempt attempt = authenticate(mechanism);
                if (attempt.mechanismsOnOffer != null) {
                    // The server does not know the mechanism; 908 listed the ones it does.
                    List<String> left = new ArrayList<>(attempt.mechanismsOnOffer);
                    left.remove(mechanism.name());
                    mechanisms = left;
                    continue;
                }
                if (attempt.outcome instanceof LoginOutcome.WrongCredentials
                        && mechanism instanceof ScramSha256Mechanism
                        && plainAllowed && mechanisms.contains("PLAIN")) {
                    // A member imported from the seed's file has no SCRAM keys yet, only the old
                    // hash, which the server can check (and upgrade) from the password alone.
                    // Over TLS, to the server just verified, the password may go there once.
                    mechanisms = List.of("PLAIN");
                    continue;
                }
                if (attempt.outcome != null) {
                    return attempt.outcome;
                }
                account = attempt.account;
                break;
            }
            link.send(IrcMessage.of("CAP", "END"));
            return awaitWelcome(account == null ? credentials.memberId() : account);
        } catch (Refusal refusal) {
            return new LoginOutcome.Refused(refusal.getMessage());
        }
    }

    private void sendNickAndUser(String memberId) {
        String nick = NickChooser.nickFor(memberId);
        if (!nick.equals(nickBase)) {
            nickBase = nick;
            nickAttempts = 0;
            nickSent = nick;
            link.send(IrcMessage.of("NICK", nick));
        }
        if (!userSent) {
            userSent = true;
            String user = IrcNames.sanitizeUser(memberId, 10);
            link.send(IrcMessage.of("USER", user == null ? "parley" : user, "0", "*", memberId));
        }
    }

    private void requestCaps() throws LinkClosedException, InterruptedException, Refusal {
        if (capsRequested) {
            return;
        }
        capsRequested = true;
        List<String> wanted = WANTED_CAPS.stream().filter(hello::offers).toList();
        if (wanted.isEmpty()) {
            return;
        }
        if (!request(wanted) && wanted.contains("sasl") && wanted.size() > 1) {
            // A NAK refuses the whole list; the one that matters may still be granted alone.
            request(List.of("sasl"));
        }
    }

    private boolean request(List<String> caps) throws LinkClosedException, InterruptedException, Refusal {
        link.send(IrcMessage.of("CAP", "REQ", String.join(" ", caps)));
        while (true) {
            IrcMessage message = link.next();
            if (handleCommon(message)) {
                continue;
            }
            if ("CAP".equals(message.command())) {
                String sub = message.param(1) == null ? "" : message.param(1).toUpperCase(Locale.ROOT);
                if ("ACK".equals(sub)) {
                    for (String cap : message.last().trim().split(" +")) {
                        if (cap.startsWith("-")) {
                            enabled.remove(cap.substring(1));
                        } else if (!cap.isEmpty()) {
                            enabled.add(cap.toLowerCase(Locale.ROOT));
                        }
                    }
                    return true;
                }
                if ("NAK".equals(sub)) {
                    return false;
                }
            }
        }
    }

    private List<String> offeredMechanisms() {
        String value = hello.caps().get("sasl");
        if (value == null || value.isBlank()) {
            // CAP 301 servers do not list mechanisms: try the best one, 908 will say if it is unknown.
            return List.of("SCRAM-SHA-256", "PLAIN");
        }
        return Arrays.stream(value.split(",")).map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
    }

    private SaslMechanism choose(List<String> mechanisms, Credentials credentials) throws Refusal {
        if (mechanisms.contains("SCRAM-SHA-256")) {
            return new ScramSha256Mechanism(credentials.memberId(), credentials.password());
        }
        if (mechanisms.contains("PLAIN")) {
            if (!plainAllowed) {
                throw new Refusal("The server only takes the password in the clear (SASL PLAIN), "
                        + "which this client sends only over TLS.");
            }
            return new PlainMechanism(credentials.memberId(), credentials.password());
        }
        throw new Refusal("The server offers no login mechanism this client supports (it offers "
                + String.join(", ", mechanisms) + ").");
    }

    /** How one AUTHENTICATE exchange ended. */
    private static final class Attempt {
        String account;
        LoginOutcome outcome;
        List<String> mechanismsOnOffer;
    }

    private Attempt authenticate(SaslMechanism mechanism) throws LinkClosedException, InterruptedException, Refusal {
        Attempt attempt = new Attempt();
        AuthenticatePayload incoming = new AuthenticatePayload();
        link.send(IrcMessage.of("AUTHENTICATE", mechanism.name()));
        List<String> listed = null;
        while (true) {
            IrcMessage message = link.next();
            if (handleCommon(message)) {
                continue;
            }
            switch (message.command()) {
                case "AUTHENTICATE" -> {
                    try {
                        byte[] challenge = incoming.feed(message.param(0) == null ? "+" : message.param(0));
                        if (challenge != null) {
                            for (String chunk : AuthenticatePayload.encode(mechanism.respond(challenge))) {
                                link.send(IrcMessage.of("AUTHENTICATE", chunk));
                            }
                        }
                    } catch (SaslFailure failure) {
                        if (failure.rejectedByServer()) {
                            continue; // the server said why in the exchange; its 904 follows
                        }
                        link.send(IrcMessage.of("AUTHENTICATE", "*"));
                        awaitAbort();
                        throw new Refusal("Login stopped: " + failure.getMessage()
                                + ". The server may not be the one you think.");
                    }
                }
                case Numerics.RPL_LOGGEDIN -> attempt.account = message.param(2);
                case Numerics.RPL_SASLSUCCESS -> {
                    if (!mechanism.serverVerified()) {
                        throw new Refusal("The server accepted the login without proving that it knows your "
                                + "password; not going on. The server may not be the one you think.");
                    }
                    return attempt;
                }
                case Numerics.ERR_SASLALREADY -> {
                    return attempt;
                }
                case Numerics.RPL_SASLMECHS -> listed = Arrays.stream(message.param(1).split(","))
                        .map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
                case Numerics.ERR_SASLFAIL -> {
                    if (listed != null && !listed.contains(mechanism.name())) {
                        attempt.mechanismsOnOffer = listed;
                    } else if (meansWrongCredentials(message.last())) {
                        attempt.outcome = new LoginOutcome.WrongCredentials(message.last());
                    } else {
                        attempt.outcome = new LoginOutcome.Refused(reasonOf(message.last()));
                    }
                    return attempt;
                }
                case Numerics.ERR_NICKLOCKED, Numerics.ERR_SASLTOOLONG, Numerics.ERR_SASLABORTED -> {
                    attempt.outcome = new LoginOutcome.Refused(message.last());
                    return attempt;
                }
                default -> {
                    // anything else before the verdict (notices) is not ours to act on
                }
            }
        }
    }

    /**
     * Whether a 904 says the member id or password is wrong, as opposed to a refusal whatever the
     * password (a locked account, too many attempts). Servers say so only in words: a bare failure
     * counts as wrong credentials, a reason counts as a refusal unless it speaks of invalid input.
     */
    static boolean meansWrongCredentials(String text) {
        String reason = reasonOf(text).toLowerCase(Locale.ROOT);
        return reason.isEmpty() || reason.equals(GENERIC_FAILURE.toLowerCase(Locale.ROOT))
                || reason.contains("invalid") || reason.contains("incorrect") || reason.contains("wrong");
    }

    /** The reason in "SASL authentication failed: reason", or the whole text. */
    static String reasonOf(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.trim();
        if (trimmed.regionMatches(true, 0, GENERIC_FAILURE, 0, GENERIC_FAILURE.length())) {
            String rest = trimmed.substring(GENERIC_FAILURE.length()).trim();
            return rest.startsWith(":") ? rest.substring(1).trim() : rest;
        }
        return trimmed;
    }

    private void awaitAbort() throws LinkClosedException, InterruptedException {
        while (true) {
            String command = link.next().command();
            if (Numerics.ERR_SASLABORTED.equals(command) || Numerics.ERR_SASLFAIL.equals(command)
                    || Numerics.RPL_SASLSUCCESS.equals(command)) {
                return;
            }
        }
    }

    private LoginOutcome awaitWelcome(String account) throws LinkClosedException, InterruptedException, Refusal {
        while (true) {
            IrcMessage message = link.next();
            if (handleCommon(message)) {
                continue;
            }
            if (Numerics.RPL_WELCOME.equals(message.command())) {
                String nick = message.param(0) == null ? nickSent : message.param(0);
                return new LoginOutcome.LoggedIn(nick, account, enabled);
            }
        }
    }

    /** Replies that may come at any point of the login; true when the message was one of them. */
    private boolean handleCommon(IrcMessage message) throws LinkClosedException, Refusal {
        switch (message.command()) {
            case Numerics.ERR_NICKNAMEINUSE, Numerics.ERR_ERRONEUSNICKNAME -> {
                if (++nickAttempts > MAX_NICK_ATTEMPTS) {
                    throw new Refusal("The server refused every nickname tried: " + message.last());
                }
                nickSent = Numerics.ERR_ERRONEUSNICKNAME.equals(message.command()) && nickAttempts == 1
                        ? "member" + nickBase.replaceAll("[^0-9]", "")
                        : NickChooser.alternative(nickBase, nickAttempts);
                link.send(IrcMessage.of("NICK", nickSent));
                return true;
            }
            case Numerics.ERR_PASSWDMISMATCH, Numerics.ERR_YOUREBANNEDCREEP -> throw new Refusal(message.last());
            case "FAIL" -> throw new Refusal(message.last());
            case "ERROR" -> throw new LinkClosedException("the server closed the connection: " + message.last());
            default -> {
                return false;
            }
        }
    }

    /** The server said no, for a reason the user should read. */
    private static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason);
        }
    }
}
