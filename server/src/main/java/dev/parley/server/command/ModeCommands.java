package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.room.HostmaskMatcher;
import dev.parley.server.room.MaskList;
import dev.parley.server.room.Membership;
import dev.parley.server.room.Room;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** MODE for users (+i, -o) and rooms (+o +v +t +n +m +i +s +k +l, lists +b +e +I). */
public final class ModeCommands {
    /** RFC 2812: at most 23 characters. */
    private static final int KEY_LENGTH = 23;

    private final ServerContext ctx;

    public ModeCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("MODE", 1, this::mode);
    }

    private void mode(Session session, IrcMessage message) {
        String target = message.param(0);
        if (target.startsWith("#")) {
            Room room = ctx.rooms().find(target).orElse(null);
            if (room == null) {
                ctx.reply(session, Numerics.ERR_NOSUCHCHANNEL, target, "No such channel");
            } else {
                roomMode(session, room, message);
            }
        } else {
            userMode(session, message);
        }
    }

    // -- user modes --------------------------------------------------------------

    private void userMode(Session session, IrcMessage message) {
        Session target = ctx.state().byNick(message.param(0)).orElse(null);
        if (target == null) {
            ctx.reply(session, Numerics.ERR_NOSUCHNICK, message.param(0), "No such nick/channel");
            return;
        }
        if (target != session) {
            ctx.reply(session, Numerics.ERR_USERSDONTMATCH, "Can't change mode for other users");
            return;
        }
        String modes = message.param(1);
        if (modes == null) {
            ctx.reply(session, Numerics.RPL_UMODEIS, session.userModes());
            return;
        }
        boolean adding = true;
        boolean unknown = false;
        StringBuilder applied = new StringBuilder();
        char appliedSign = 0;
        for (char c : modes.toCharArray()) {
            if (c == '+' || c == '-') {
                adding = c == '+';
                continue;
            }
            boolean changed = false;
            if (c == 'i' && session.invisible() != adding) {
                ctx.state().invisible(session, adding);
                changed = true;
            } else if (c == 'B' && session.bot() != adding) {
                session.bot(adding);
                changed = true;
            } else if (c == 'o' && !adding && session.operator()) {
                // +o comes only from OPER; anyone may drop it.
                ctx.state().operator(session, false);
                changed = true;
            } else if (c != 'i' && c != 'o' && c != 'B') {
                unknown = true;
            }
            if (changed) {
                char sign = adding ? '+' : '-';
                if (sign != appliedSign) {
                    applied.append(sign);
                    appliedSign = sign;
                }
                applied.append(c);
            }
        }
        if (unknown) {
            ctx.reply(session, Numerics.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
        }
        if (applied.length() > 0) {
            session.send(IrcMessage.from(session.nick(), "MODE", session.nick(), applied.toString()));
        }
    }

    // -- room modes ----------------------------------------------------------------

    private void roomMode(Session session, Room room, IrcMessage message) {
        String modes = message.param(1);
        if (modes == null) {
            ctx.reply(session, Numerics.RPL_CHANNELMODEIS, modeParams(room, room.has(session)));
            ctx.reply(session, Numerics.RPL_CREATIONTIME, room.name(), String.valueOf(room.createdAt().getEpochSecond()));
            return;
        }
        List<String> args = message.paramsFrom(2);
        int nextArg = 0;
        boolean adding = true;
        boolean isOperator = room.isOperator(session);
        boolean refusedForPrivileges = false;
        int paramModes = 0;
        Set<Character> listed = new HashSet<>();
        ModeChange change = new ModeChange();
        for (char c : modes.toCharArray()) {
            if (c == '+' || c == '-') {
                adding = c == '+';
                continue;
            }
            switch (c) {
                case 'b', 'e', 'I' -> {
                    MaskList list = maskList(room, c);
                    if (nextArg >= args.size()) {
                        if (listed.add(c)) {
                            sendList(session, room, c, list);
                        }
                        continue;
                    }
                    String mask = HostmaskMatcher.normalize(args.get(nextArg++));
                    if (!isOperator) {
                        refusedForPrivileges = true;
                    } else if (paramModes++ < ServerContext.MAX_MODE_PARAMS
                            && (adding ? list.add(mask, session.prefix()) : list.remove(mask))) {
                        change.add(adding, c, mask);
                    }
                }
                case 'o', 'v' -> {
                    if (nextArg >= args.size()) {
                        continue;
                    }
                    String nick = args.get(nextArg++);
                    if (!isOperator) {
                        refusedForPrivileges = true;
                        continue;
                    }
                    Session member = ctx.state().byNick(nick).orElse(null);
                    if (member == null) {
                        ctx.reply(session, Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
                        continue;
                    }
                    Membership membership = room.membership(member).orElse(null);
                    if (membership == null) {
                        ctx.reply(session, Numerics.ERR_USERNOTINCHANNEL, member.nick(), room.name(),
                                "They aren't on that channel");
                        continue;
                    }
                    if (paramModes++ >= ServerContext.MAX_MODE_PARAMS) {
                        continue;
                    }
                    boolean current = c == 'o' ? membership.operator() : membership.voiced();
                    if (current != adding) {
                        if (c == 'o') {
                            room.operator(member, adding);
                        } else {
                            room.voiced(member, adding);
                        }
                        change.add(adding, c, member.nick());
                    }
                }
                case 'k' -> {
                    String key = nextArg < args.size() ? args.get(nextArg++) : null;
                    if (!isOperator) {
                        refusedForPrivileges = true;
                    } else if (adding) {
                        if (!validKey(key)) {
                            // The key itself is not echoed: it may be what made it invalid.
                            ctx.reply(session, Numerics.ERR_INVALIDMODEPARAM, room.name(), "k", "*",
                                    "Invalid key: 1 to " + KEY_LENGTH + " characters, no spaces or commas");
                        } else if (!key.equals(room.key().orElse(null))) {
                            room.key(key);
                            change.add(true, 'k', key);
                        }
                    } else if (room.key().isPresent()) {
                        room.key(null);
                        change.add(false, 'k', "*");
                    }
                }
                case 'l' -> {
                    if (!isOperator) {
                        refusedForPrivileges = true;
                        if (adding) {
                            nextArg++;
                        }
                    } else if (adding) {
                        String value = nextArg < args.size() ? args.get(nextArg++) : null;
                        int limit = parseLimit(value);
                        if (limit <= 0) {
                            ctx.reply(session, Numerics.ERR_INVALIDMODEPARAM, room.name(), "l",
                                    value == null || value.isEmpty() || value.contains(" ") ? "*" : value,
                                    "Invalid limit: a positive number");
                        } else if (limit != room.limit()) {
                            room.limit(limit);
                            change.add(true, 'l', String.valueOf(limit));
                        }
                    } else if (room.limit() > 0) {
                        room.limit(0);
                        change.add(false, 'l', null);
                    }
                }
                case 'i', 'm', 'n', 's', 't' -> {
                    if (!isOperator) {
                        refusedForPrivileges = true;
                    } else if (setFlag(room, c, adding)) {
                        change.add(adding, c, null);
                    }
                }
                default -> ctx.reply(session, Numerics.ERR_UNKNOWNMODE, String.valueOf(c), "is unknown mode char to me");
            }
        }
        if (refusedForPrivileges) {
            ctx.reply(session, Numerics.ERR_CHANOPRIVSNEEDED, room.name(), "You're not channel operator");
        }
        if (!change.isEmpty()) {
            List<String> params = new ArrayList<>();
            params.add(room.name());
            params.addAll(change.params());
            long now = System.currentTimeMillis();
            IrcMessage mode = IrcMessage.from(session.prefix(), "MODE", params).withTags(ctx.messageTags(session, now));
            room.broadcast(mode, session);
            Recording.room(ctx, session, room, mode, now);
        }
    }

    private String[] modeParams(Room room, boolean member) {
        List<String> params = new ArrayList<>();
        params.add(room.name());
        params.addAll(List.of(room.modeString(member).split(" ")));
        return params.toArray(String[]::new);
    }

    private static boolean validKey(String key) {
        if (key == null || key.isEmpty() || key.length() > KEY_LENGTH || key.startsWith(":")) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == ',' || c == 127) {
                return false;
            }
        }
        return true;
    }

    private static int parseLimit(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean setFlag(Room room, char flag, boolean on) {
        boolean before = switch (flag) {
            case 'i' -> room.inviteOnly();
            case 'm' -> room.moderated();
            case 'n' -> room.noExternalMessages();
            case 's' -> room.secret();
            default -> room.topicLocked();
        };
        if (before == on) {
            return false;
        }
        switch (flag) {
            case 'i' -> room.inviteOnly(on);
            case 'm' -> room.moderated(on);
            case 'n' -> room.noExternalMessages(on);
            case 's' -> room.secret(on);
            default -> room.topicLocked(on);
        }
        return true;
    }

    private static MaskList maskList(Room room, char mode) {
        return switch (mode) {
            case 'b' -> room.bans();
            case 'e' -> room.banExceptions();
            default -> room.inviteExceptions();
        };
    }

    private void sendList(Session session, Room room, char mode, MaskList list) {
        String item = mode == 'b' ? Numerics.RPL_BANLIST : mode == 'e' ? Numerics.RPL_EXCEPTLIST : Numerics.RPL_INVEXLIST;
        String end = mode == 'b' ? Numerics.RPL_ENDOFBANLIST
                : mode == 'e' ? Numerics.RPL_ENDOFEXCEPTLIST : Numerics.RPL_ENDOFINVEXLIST;
        for (MaskList.Entry entry : list.entries()) {
            ctx.reply(session, item, room.name(), entry.mask(), entry.setBy(),
                    String.valueOf(entry.setAt().getEpochSecond()));
        }
        String what = mode == 'b' ? "ban" : mode == 'e' ? "exception" : "invite exception";
        ctx.reply(session, end, room.name(), "End of channel " + what + " list");
    }

    /** The changes one MODE command made, merged into one "+ab-c x y" line. */
    private static final class ModeChange {
        private final StringBuilder flags = new StringBuilder();
        private final List<String> args = new ArrayList<>();
        private char sign;

        void add(boolean adding, char mode, String arg) {
            char s = adding ? '+' : '-';
            if (s != sign) {
                flags.append(s);
                sign = s;
            }
            flags.append(mode);
            if (arg != null) {
                args.add(arg);
            }
        }

        boolean isEmpty() {
            return flags.length() == 0;
        }

        List<String> params() {
            List<String> params = new ArrayList<>();
            params.add(flags.toString());
            params.addAll(args);
            return params;
        }
    }
}
