package dev.parley.microbench;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import dev.parley.server.session.Capability;
import dev.parley.server.session.TagPolicy;

/** The lines the benchmarks work on: what a busy room carries and what registration sends. */
public final class Samples {
    /** A room message from a logged-in member, as a client without tags gets it. */
    public static final String PRIVMSG = ":19803021!19803021@203.0.113.7 PRIVMSG #lobby "
            + ":Hello everyone, this is our CN project; the demo is at five in lab 3";
    /** The same with the tags the server adds (time, msgid, account) and a client-only tag. */
    public static final String TAGGED = "@time=2026-12-01T18:04:05.123Z;msgid=Gk3nq8x2LmP0aZ7d;account=19803021;"
            + "+draft/reply=Hx92kd0aPq1mZ3ab " + PRIVMSG;
    /** RPL_ISUPPORT: a numeric with many parameters, as Parley sends it at registration. */
    public static final String NUMERIC = ":parley.local 005 19803021 AWAYLEN=390 CASEMAPPING=rfc1459 CHANLIMIT=#:50 "
            + "CHANMODES=beI,k,l,imnst CHANNELLEN=64 CHANTYPES=# ELIST=U EXCEPTS=e HOSTLEN=64 INVEX=I "
            + "KICKLEN=390 MAXLIST=beI:100 MAXTARGETS=4 :are supported by this server";

    /** A client with every capability that changes a fan-out: it gets every tag. */
    public static final int VIEW_ALL = TagPolicy.VIEW_MASK;
    /** A client with server-time only (irssi's default): it gets the time tag alone. */
    public static final int VIEW_TIME = TagPolicy.bit(Capability.SERVER_TIME);
    /** A client without capabilities: no tags. */
    public static final int VIEW_NONE = 0;
    /** The views a room's members have, in the order {@code views = k} takes the first k. */
    public static final int[] VIEWS = {VIEW_ALL, VIEW_TIME, VIEW_NONE};

    private Samples() {
    }

    /** The line of that name: privmsg, tagged or numeric. */
    public static String line(String name) {
        return switch (name) {
            case "privmsg" -> PRIVMSG;
            case "tagged" -> TAGGED;
            case "numeric" -> NUMERIC;
            default -> throw new IllegalArgumentException("No sample line " + name);
        };
    }

    public static IrcMessage message(String name) {
        try {
            return IrcParser.parse(line(name));
        } catch (IrcParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
