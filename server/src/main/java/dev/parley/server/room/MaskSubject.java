package dev.parley.server.room;

import dev.parley.server.session.Session;
import java.net.InetAddress;

/**
 * Who a ban, exception or mute mask is held against: the prefix others see (its host may be a
 * cloak), the same prefix with the real address, the address itself (for CIDR masks) and the
 * account, if logged in. A ban on a cloak and a ban on the address behind it both hold.
 */
public record MaskSubject(String prefix, String realPrefix, InetAddress address, String account) {

    public static MaskSubject of(Session session) {
        String nickUser = session.nickOrStar() + "!" + (session.user() == null ? "*" : session.user()) + "@";
        return new MaskSubject(nickUser + session.host(), nickUser + Session.hostOf(session.address()),
                session.address(), session.account().orElse(null));
    }

    /** A subject known only by its prefix (no address behind it), for tests and lookups. */
    public static MaskSubject ofPrefix(String prefix, String account) {
        return new MaskSubject(prefix, prefix, null, account);
    }
}
