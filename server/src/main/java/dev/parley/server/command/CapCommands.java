package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** CAP: IRCv3 capability negotiation (version 302, with multiline LS and cap-notify). */
public final class CapCommands {
    /** Keeps each CAP LS line comfortably under 512 bytes with any nick and server name. */
    private static final int MAX_LS_LINE = 380;

    private final ServerContext ctx;
    private final Registration registration;
    private final Supplier<Map<Capability, String>> offered;

    /** @param offered the capabilities on offer now, with their values (e.g. sasl's mechanisms) */
    public CapCommands(ServerContext ctx, Registration registration, Supplier<Map<Capability, String>> offered) {
        this.ctx = ctx;
        this.registration = registration;
        this.offered = offered;
    }

    public void register(CommandTable table) {
        table.addEarly("CAP", 1, this::cap);
    }

    private void cap(Session session, IrcMessage message) {
        String sub = message.param(0).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "LS" -> ls(session, message);
            case "LIST" -> list(session);
            case "REQ" -> req(session, message);
            case "END" -> end(session);
            default -> ctx.reply(session, Numerics.ERR_INVALIDCAPCMD, message.param(0), "Invalid CAP command");
        }
    }

    private void ls(Session session, IrcMessage message) {
        if (!session.registered()) {
            session.capNegotiating(true);
        }
        int version = 0;
        if (message.param(1) != null) {
            try {
                version = Integer.parseInt(message.param(1));
            } catch (NumberFormatException ignored) {
                // an unparsable version counts as plain CAP LS
            }
        }
        session.capVersion(version);
        if (version >= 302) {
            // cap-notify is implied by 302 (IRCv3 capability negotiation)
            changeCaps(session, List.of(Capability.CAP_NOTIFY), List.of());
        }
        List<String> tokens = new ArrayList<>();
        for (Map.Entry<Capability, String> cap : offered.get().entrySet()) {
            String value = cap.getValue();
            tokens.add(session.capVersion() >= 302 && value != null ? cap.getKey().token() + "=" + value
                    : cap.getKey().token());
        }
        sendList(session, "LS", tokens, session.capVersion() >= 302);
    }

    private void list(Session session) {
        List<String> tokens = session.caps().stream().map(Capability::token).toList();
        sendList(session, "LIST", tokens, session.capVersion() >= 302);
    }

    private void sendList(Session session, String sub, List<String> tokens, boolean multiline) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String token : tokens) {
            if (multiline && line.length() > 0 && line.length() + token.length() + 1 > MAX_LS_LINE) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(token);
        }
        lines.add(line.toString());
        for (int i = 0; i < lines.size(); i++) {
            boolean more = i < lines.size() - 1;
            session.send(more
                    ? IrcMessage.from(ctx.serverName(), "CAP", session.nickOrStar(), sub, "*", lines.get(i))
                    : IrcMessage.from(ctx.serverName(), "CAP", session.nickOrStar(), sub, lines.get(i)));
        }
    }

    private void req(Session session, IrcMessage message) {
        if (!session.registered()) {
            session.capNegotiating(true);
        }
        String requested = message.param(1) == null ? "" : message.param(1);
        Set<Capability> enable = EnumSet.noneOf(Capability.class);
        Set<Capability> disable = EnumSet.noneOf(Capability.class);
        Map<Capability, String> available = offered.get();
        boolean ok = !requested.isBlank();
        for (String token : requested.trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean remove = token.startsWith("-");
            String name = remove ? token.substring(1) : token;
            Capability cap = Capability.byToken(name).filter(available::containsKey).orElse(null);
            if (cap == null || (remove && cap == Capability.CAP_NOTIFY && session.capVersion() >= 302)) {
                ok = false;
                break;
            }
            (remove ? disable : enable).add(cap);
        }
        if (!ok) {
            session.send(IrcMessage.from(ctx.serverName(), "CAP", session.nickOrStar(), "NAK", requested));
            return;
        }
        changeCaps(session, enable, disable);
        session.send(IrcMessage.from(ctx.serverName(), "CAP", session.nickOrStar(), "ACK", requested));
    }

    private void changeCaps(Session session, Collection<Capability> enable, Collection<Capability> disable) {
        if (session.changeCaps(enable, disable)) {
            ctx.rooms().viewChanged(session);
        }
    }

    private void end(Session session) {
        if (session.registered()) {
            return;
        }
        session.capNegotiating(false);
        registration.tryComplete(session);
    }

    /** Tells clients with cap-notify that capabilities appeared or went away (e.g. after a reload). */
    public void notifyChange(Map<Capability, String> before, Map<Capability, String> after) {
        Map<Capability, String> added = new LinkedHashMap<>(after);
        added.entrySet().removeIf(e -> e.getValue() == null ? before.containsKey(e.getKey())
                : e.getValue().equals(before.get(e.getKey())));
        List<Capability> removed = before.keySet().stream().filter(c -> !after.containsKey(c)).toList();
        for (Session session : ctx.state().registeredUsers()) {
            if (!session.has(Capability.CAP_NOTIFY)) {
                continue;
            }
            if (!added.isEmpty()) {
                List<String> tokens = added.entrySet().stream()
                        .map(e -> session.capVersion() >= 302 && e.getValue() != null
                                ? e.getKey().token() + "=" + e.getValue() : e.getKey().token())
                        .toList();
                session.write(IrcMessage.from(ctx.serverName(), "CAP", session.nick(), "NEW", String.join(" ", tokens)));
            }
            if (!removed.isEmpty()) {
                changeCaps(session, List.of(), removed);
                session.write(IrcMessage.from(ctx.serverName(), "CAP", session.nick(), "DEL",
                        String.join(" ", removed.stream().map(Capability::token).toList())));
            }
        }
    }
}
