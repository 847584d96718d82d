package dev.parley.protocol;

/** What makes a valid nickname, user name and room name. */
public final class IrcNames {
    private IrcNames() {
    }

    /**
     * A nick is letters, digits and []\`_^{|}- and at most {@code maxLength} characters; it does not
     * start with '-'. Narrower than modern IRC allows, on purpose: every client displays such nicks
     * without surprises. A leading digit is allowed (modern IRC permits it) because members log in
     * with their member number and may use it as their nick.
     */
    public static boolean validNick(String nick, int maxLength) {
        if (nick.isEmpty() || nick.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean special = "[]\\`_^{|}".indexOf(c) >= 0;
            boolean digitOrDash = (c >= '0' && c <= '9') || c == '-';
            boolean digit = c >= '0' && c <= '9';
            if (!(letter || special || digit || (i > 0 && digitOrDash))) {
                return false;
            }
        }
        return true;
    }

    /** A room name: '#', then no space, comma, BEL or colon, at most {@code maxLength} characters. */
    public static boolean validRoom(String name, int maxLength) {
        if (name.length() < 2 || name.length() > maxLength || name.charAt(0) != '#') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == ',' || c == 7 || c == ':' || c < 32) {
                return false;
            }
        }
        return true;
    }

    /** A user name (ident) as given in USER: printable ASCII without '@', '!' or spaces. */
    public static String sanitizeUser(String user, int maxLength) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < user.length() && out.length() < maxLength; i++) {
            char c = user.charAt(i);
            if (c > 32 && c < 127 && c != '@' && c != '!' && c != ':') {
                out.append(c);
            }
        }
        return out.length() == 0 ? null : out.toString();
    }
}
