package dev.parley.client.login;

import dev.parley.protocol.IrcMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a server says about itself before login: its name and the capabilities it offers.
 *
 * @param serverName the source of the server's CAP replies (e.g. "parley.local"), or null
 * @param caps       offered capabilities with their values (null when a capability has none)
 */
public record ServerHello(String serverName, Map<String, String> caps) {
    public ServerHello {
        caps = Collections.unmodifiableMap(new LinkedHashMap<>(caps));
    }

    /**
     * Sends {@code CAP LS 302} and reads the (possibly multi-line) answer. A server that does not
     * know CAP answers with an error numeric, and offers nothing.
     */
    public static ServerHello negotiate(ServerLink link) throws LinkClosedException, InterruptedException {
        link.send(IrcMessage.of("CAP", "LS", "302"));
        Map<String, String> caps = new LinkedHashMap<>();
        while (true) {
            IrcMessage message = link.next();
            switch (message.command()) {
                case "CAP" -> {
                    if (!"LS".equalsIgnoreCase(message.param(1))) {
                        continue;
                    }
                    boolean more = message.params().size() >= 4 && "*".equals(message.param(2));
                    parseTokens(message.last(), caps);
                    if (!more) {
                        return new ServerHello(message.source(), caps);
                    }
                }
                case "ERROR" -> throw new LinkClosedException("the server closed the connection: " + message.last());
                case "421", "451" -> {
                    return new ServerHello(message.source(), caps);
                }
                default -> {
                    // notices about looking up our host name and the like: nothing to act on
                }
            }
        }
    }

    private static void parseTokens(String list, Map<String, String> into) {
        if (list == null) {
            return;
        }
        for (String token : list.trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String name = (eq < 0 ? token : token.substring(0, eq)).toLowerCase(Locale.ROOT);
            into.put(name, eq < 0 ? null : token.substring(eq + 1));
        }
    }

    public boolean offers(String cap) {
        return caps.containsKey(cap);
    }

    /**
     * A short banner name: the first label of the server's name in capitals ("parley.local" gives
     * "PARLEY"), or the host that was dialled when the server gave no name.
     */
    public String bannerName(String fallback) {
        String name = serverName == null || serverName.isBlank() ? fallback : serverName;
        int dot = name.indexOf('.');
        String label = dot > 0 && !Character.isDigit(name.charAt(0)) ? name.substring(0, dot) : name;
        return label.toUpperCase(Locale.ROOT);
    }
}
