package dev.parley.protocol;

/**
 * How nicknames and room names compare. Announced in ISUPPORT as CASEMAPPING and used for every
 * lookup, so that "Alice", "alice" and (with rfc1459) "alice[" / "alice{" are the same name.
 */
public enum CaseMapping {
    /** Only A-Z fold to a-z. */
    ASCII("ascii"),
    /** A-Z plus []\~ fold to {}|^, as RFC 1459 defines. */
    RFC1459("rfc1459");

    private final String token;

    CaseMapping(String token) {
        this.token = token;
    }

    /** The value of the ISUPPORT CASEMAPPING token. */
    public String token() {
        return token;
    }

    public String fold(String name) {
        char[] chars = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char folded = fold(c);
            if (folded != c) {
                if (chars == null) {
                    chars = name.toCharArray();
                }
                chars[i] = folded;
            }
        }
        return chars == null ? name : new String(chars);
    }

    private char fold(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + 32);
        }
        if (this == RFC1459) {
            switch (c) {
                case '[': return '{';
                case ']': return '}';
                case '\\': return '|';
                case '~': return '^';
                default: return c;
            }
        }
        return c;
    }

    public boolean equals(String a, String b) {
        return a.length() == b.length() && fold(a).equals(fold(b));
    }
}
