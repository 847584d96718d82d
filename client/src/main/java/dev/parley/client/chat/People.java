package dev.parley.client.chat;

import dev.parley.protocol.CaseMapping;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the client knows of the people it has seen: their real names (from extended-join, WHO,
 * WHOWAS and SETNAME) and accounts, by nick. Names are shown instead of nicks wherever one is known.
 */
public final class People {
    private CaseMapping mapping = CaseMapping.RFC1459;
    private final Map<String, Person> byNick = new HashMap<>();

    /** One person as last seen. */
    static final class Person {
        String nick;
        String realName;
        String account;

        Person(String nick) {
            this.nick = nick;
        }
    }

    /** Switches to the server's case mapping; known people are folded again. */
    public void caseMapping(CaseMapping newMapping) {
        if (newMapping == mapping) {
            return;
        }
        mapping = newMapping;
        Map<String, Person> copy = new HashMap<>(byNick);
        byNick.clear();
        copy.values().forEach(p -> byNick.put(mapping.fold(p.nick), p));
    }

    public CaseMapping caseMapping() {
        return mapping;
    }

    public boolean same(String a, String b) {
        return a != null && b != null && mapping.equals(a, b);
    }

    /** Records a real name and account for a nick; null or "*" / "0" leave what was known. */
    public void learn(String nick, String realName, String account) {
        Person person = byNick.computeIfAbsent(mapping.fold(nick), k -> new Person(nick));
        person.nick = nick;
        if (realName != null && !realName.isBlank()) {
            person.realName = realName.trim();
        }
        if (account != null && !account.isEmpty() && !"*".equals(account) && !"0".equals(account)) {
            person.account = account;
        }
    }

    public void renamed(String oldNick, String newNick) {
        Person person = byNick.remove(mapping.fold(oldNick));
        if (person == null) {
            person = new Person(newNick);
        }
        person.nick = newNick;
        byNick.put(mapping.fold(newNick), person);
    }

    public Optional<String> realName(String nick) {
        Person person = byNick.get(mapping.fold(nick));
        return person == null ? Optional.empty() : Optional.ofNullable(person.realName);
    }

    /**
     * The real name of someone logged in as {@code account}, whatever their nick: a line from
     * history may carry a nick its sender no longer uses.
     */
    public Optional<String> realNameOfAccount(String account) {
        return byNick.values().stream()
                .filter(p -> p.account != null && p.realName != null && mapping.equals(p.account, account))
                .map(p -> p.realName)
                .findFirst();
    }

    public boolean knows(String nick) {
        return realName(nick).isPresent();
    }

    /** The name to show for a nick: the real name when known, else the nick. */
    public String display(String nick) {
        return realName(nick).orElse(nick);
    }

    /** The current nick of the person logged in as {@code account}, if seen. */
    public Optional<String> nickOfAccount(String account) {
        return byNick.values().stream()
                .filter(p -> p.account != null && mapping.equals(p.account, account))
                .map(p -> p.nick)
                .findFirst();
    }

    public boolean isKnownNick(String nick) {
        return byNick.containsKey(mapping.fold(nick));
    }
}
