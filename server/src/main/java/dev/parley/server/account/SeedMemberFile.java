package dev.parley.server.account;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the seed system's member file ("secure database"): records of an 8-digit member number,
 * the real name (one or more words) and the unsalted SHA-256 of the password as 64 hex digits,
 * separated by any whitespace, including line breaks inside a record.
 *
 * <p>Since whitespace separates both fields and records, records are told apart by their tokens:
 * a token of digits starts a record, words make up the name, and a token containing a digit after
 * the name is the hash. A problem in one record is reported with its line and the reader moves on
 * to the next record, so one run lists every problem in the file. Messages never quote a hash.
 */
public final class SeedMemberFile {

    /** Real names longer than this are refused rather than silently cut. */
    public static final int MAX_NAME_LENGTH = 200;

    /** Wrong member numbers up to this long are quoted in problems; a typo in 8 digits shows whole. */
    private static final int MAX_QUOTED_NUMBER_LENGTH = 16;

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern MEMBER_NUMBER = Pattern.compile("[0-9]{8}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /**
     * @param members  the valid records, in file order, without duplicates
     * @param problems everything wrong, in file order; a record with a problem is not in members
     */
    public record Result(List<SeedMember> members, List<Problem> problems) {
        public Result {
            members = List.copyOf(members);
            problems = List.copyOf(problems);
        }

        public boolean hasProblems() {
            return !problems.isEmpty();
        }
    }

    /** Something wrong at a line of the file, in words for the administrator. */
    public record Problem(int line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    private SeedMemberFile() {
    }

    /**
     * Reads a member file (UTF-8).
     *
     * @throws IOException if it cannot be read, or is not UTF-8: then the message is one line,
     *                     {@code <file>:<line>: ...}, naming the line of the first bad byte
     */
    public static Result parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharBuffer text = CharBuffer.allocate(bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult decoded = decoder.decode(in, text, true);
        if (!decoded.isError()) {
            decoded = decoder.flush(text);
        }
        if (decoded.isError()) {
            // Without this, the import stops with Java's "Input length = 1" and no hint of where.
            throw new IOException(file + ":" + lineAt(bytes, in.position())
                    + ": not UTF-8 text; save the member file as UTF-8");
        }
        return parse(text.flip().toString());
    }

    /** The line of byte {@code offset}, counting line breaks as {@link #tokenize} does. */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /** Parses the text of a member file. */
    public static Result parse(String text) {
        List<Token> tokens = tokenize(text.startsWith("\uFEFF") ? text.substring(1) : text);
        List<SeedMember> members = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> firstLineOf = new HashMap<>();

        int i = 0;
        while (i < tokens.size()) {
            Token start = tokens.get(i);
            if (!startsRecord(start)) {
                // Skip to the next record so one stray word does not hide the rest of the file.
                int skipped = i;
                while (i < tokens.size() && !startsRecord(tokens.get(i))) {
                    i++;
                }
                problems.add(new Problem(start.line, "expected an 8-digit member number, found "
                        + describe(tokens.get(skipped)) + (i - skipped > 1 ? " (and " + (i - skipped - 1)
                        + " more words up to the next record)" : "")));
                continue;
            }
            i++;
            List<String> nameWords = new ArrayList<>();
            while (i < tokens.size() && isNameWord(tokens.get(i))) {
                nameWords.add(tokens.get(i).text);
                i++;
            }
            Token hash = i < tokens.size() && !startsRecord(tokens.get(i)) ? tokens.get(i++) : null;

            String number = start.text;
            String name = String.join(" ", nameWords);
            if (!MEMBER_NUMBER.matcher(number).matches()) {
                // A long run of digits may be a password hash that lost its record; it is not quoted.
                String which = number.length() <= MAX_QUOTED_NUMBER_LENGTH ? number + " " : "";
                problems.add(new Problem(start.line, "member number " + which + "has " + number.length()
                        + " digits; it must have exactly 8"));
            } else if (hash == null) {
                problems.add(new Problem(start.line, "member " + number + " has no password hash"));
            } else if (hash.text.length() != 64 || !HEX.matcher(hash.text).matches()) {
                problems.add(new Problem(hash.line, "the password hash of member " + number
                        + " is not 64 hex digits (it has " + hash.text.length() + " characters"
                        + (HEX.matcher(hash.text).matches() ? "" : ", not all hex digits") + ")"));
            } else if (nameWords.isEmpty()) {
                problems.add(new Problem(start.line, "member " + number + " has no name"));
            } else if (name.length() > MAX_NAME_LENGTH) {
                problems.add(new Problem(start.line, "the name of member " + number + " is longer than "
                        + MAX_NAME_LENGTH + " characters"));
            } else if (firstLineOf.containsKey(number)) {
                problems.add(new Problem(start.line, "member number " + number
                        + " appears again (first on line " + firstLineOf.get(number) + "); this record is ignored"));
            } else {
                firstLineOf.put(number, start.line);
                members.add(new SeedMember(number, name, hash.text.toLowerCase(Locale.ROOT), start.line));
            }
        }
        return new Result(members, problems);
    }

    /** All digits and not hash-length: a member number, possibly a wrong one. */
    private static boolean startsRecord(Token token) {
        return token.text.length() != 64 && DIGITS.matcher(token.text).matches();
    }

    /** Names are words without digits; a token with a digit in it is a (possibly bad) hash. */
    private static boolean isNameWord(Token token) {
        return token.text.chars().noneMatch(Character::isDigit);
    }

    /** Quotes a stray token unless it might be a password hash. */
    private static String describe(Token token) {
        return isNameWord(token) ? "'" + token.text + "'" : "a token of " + token.text.length() + " characters";
    }

    private record Token(String text, int line) {
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '\r') {
                line++;
                i += i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))
                        && !Character.isSpaceChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), line));
            }
        }
        return tokens;
    }
}
