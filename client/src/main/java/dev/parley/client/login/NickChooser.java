package dev.parley.client.login;

import dev.parley.protocol.IrcNames;

/**
 * Picks the IRC nick for a member id. People see real names, not nicks, so the nick only has to be
 * valid and recognisable: the member id itself when IRC allows it, else the id behind an 'm'
 * (classic IRC nicks may not start with a digit, and enrolment numbers always do; whether
 * they may is {@link IrcNames}'s call).
 */
public final class NickChooser {
    static final int MAX_LENGTH = 30;

    private NickChooser() {
    }

    public static String nickFor(String memberId) {
        if (IrcNames.validNick(memberId, MAX_LENGTH)) {
            return memberId;
        }
        StringBuilder nick = new StringBuilder();
        for (int i = 0; i < memberId.length() && nick.length() < MAX_LENGTH - 1; i++) {
            char c = memberId.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "[]\\`_^{|}-".indexOf(c) >= 0;
            nick.append(allowed ? c : '_');
        }
        if (IrcNames.validNick(nick.toString(), MAX_LENGTH)) {
            return nick.toString();
        }
        String candidate = "m" + nick;
        return IrcNames.validNick(candidate, MAX_LENGTH) ? candidate : "member";
    }

    /** The next nick to try after {@code nick} was taken or refused. */
    public static String alternative(String nick, int attempt) {
        String base = nick.length() >= MAX_LENGTH - 2 ? nick.substring(0, MAX_LENGTH - 2) : nick;
        return base + "_" + (attempt > 1 ? String.valueOf(attempt) : "");
    }
}
