package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients over real TLS against a real server (the self-signed certificate path, pinned by the
 * clients): registration, rooms, messages, modes and errors.
 */
class ServerProtocolTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress address;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true))));
        address = server.boundAddresses().get(0);
        fingerprint = server.certificateFingerprint().orElseThrow();
    }

    private static IrcTestClient connect() throws Exception {
        return IrcTestClient.connectTls(address, fingerprint);
    }

    private static IrcTestClient register(String nick) throws Exception {
        return IrcTestClient.register(connect(), nick);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> commands(List<IrcMessage> messages) {
        return messages.stream().map(IrcMessage::command).toList();
    }

    @Test
    void registrationSendsTheWelcomeBurst() throws Exception {
        try (IrcTestClient c = connect()) {
            c.send("NICK welcome1");
            c.send("USER w 0 * :Welcome Person");
            List<IrcMessage> burst = c.awaitAll(m -> m.command().equals("376"));
            assertThat(commands(burst)).startsWith("001", "002", "003", "004", "005");
            assertThat(burst.get(0).param(0)).isEqualTo("welcome1");
            String isupport = String.join(" ", burst.stream().filter(m -> m.command().equals("005"))
                    .flatMap(m -> m.params().stream()).toList());
            assertThat(isupport).contains("CASEMAPPING=rfc1459", "CHANTYPES=#", "PREFIX=(ov)@+", "NICKLEN=30",
                    "CHANMODES=beI,k,l,imnst", "TARGMAX=", "UTF8ONLY");
            assertThat(commands(burst)).contains("251", "255", "375", "372");
        }
    }

    /** A name a line cannot echo in the middle of a reply still gets its reply, with * for it. */
    @Test
    void aNameWithASpaceStillGetsItsError() throws Exception {
        try (IrcTestClient c = register("spacey1")) {
            List<IrcMessage> answer = c.ask("WHOIS :a b");
            assertThat(commands(answer)).contains("401");
            IrcMessage noSuchNick = answer.stream().filter(m -> m.command().equals("401")).findFirst().orElseThrow();
            assertThat(noSuchNick.params()).containsExactly("spacey1", "*", noSuchNick.last());
        }
    }

    /** IRCv3 bot mode: +B, shown in WHOIS and WHO, and a bot tag on what the bot says. */
    @Test
    void aBotSaysItIsOne() throws Exception {
        try (IrcTestClient bot = register("beep1");
             IrcTestClient human = IrcTestClient.register(connectWithTags(), "human1")) {
            assertThat(server.context().isupport().get("BOT")).isEqualTo("B");
            assertThat(bot.ask("MODE beep1 +B")).singleElement()
                    .satisfies(m -> assertThat(m.params()).containsExactly("beep1", "+B"));
            assertThat(human.ask("WHOIS beep1")).anySatisfy(m -> {
                assertThat(m.command()).isEqualTo("335");
                assertThat(m.params().subList(0, 2)).containsExactly("human1", "beep1");
            });
            bot.ask("JOIN #bots");
            human.ask("JOIN #bots");
            bot.send("PRIVMSG #bots :beep boop");
            IrcMessage heard = human.await("PRIVMSG");
            assertThat(heard.tags()).containsKey("bot");
            IrcMessage who = human.ask("WHO #bots").stream()
                    .filter(m -> m.command().equals("352") && m.param(5).equals("beep1")).findFirst().orElseThrow();
            assertThat(who.param(6)).contains("B");
            bot.ask("MODE beep1 -B");
            bot.send("PRIVMSG #bots :a person again");
            assertThat(human.await("PRIVMSG").tags()).doesNotContainKey("bot");
        }
    }

    /** draft/multiline: one message of several lines, a batch to those who can read one, lines to the rest. */
    @Test
    void aMultilineMessageArrivesWholeOrAsLines() throws Exception {
        String caps = "draft/multiline batch message-tags echo-message labeled-response server-time";
        try (IrcTestClient alice = IrcTestClient.register(connectWith(caps), "mlalice");
             IrcTestClient bob = IrcTestClient.register(connectWith(caps), "mlbob");
             IrcTestClient carol = IrcTestClient.register(connectWith("message-tags server-time"), "mlcarol")) {
            for (IrcTestClient c : List.of(alice, bob, carol)) {
                c.ask("JOIN #multi");
            }
            alice.sync();
            bob.sync();
            alice.send("@label=m1 BATCH +b1 draft/multiline #multi");
            alice.send("@batch=b1 PRIVMSG #multi :first line");
            alice.send("@batch=b1 PRIVMSG #multi :");
            alice.send("@batch=b1;draft/multiline-concat PRIVMSG #multi :continued");
            List<IrcMessage> echo = alice.ask("BATCH -b1");
            assertThat(commands(echo)).containsExactly("BATCH", "PRIVMSG", "PRIVMSG", "PRIVMSG", "BATCH");
            assertThat(echo.get(0).tags()).containsEntry("label", "m1").containsKey("msgid");
            String msgid = echo.get(0).tags().get("msgid");

            List<IrcMessage> whole = bob.sync();
            assertThat(commands(whole)).containsExactly("BATCH", "PRIVMSG", "PRIVMSG", "PRIVMSG", "BATCH");
            assertThat(whole.get(0).params()).containsExactly(whole.get(0).param(0), "draft/multiline", "#multi");
            assertThat(whole.get(0).tags()).containsEntry("msgid", msgid);
            assertThat(whole.get(3).tags()).containsKey("draft/multiline-concat");
            String batch = whole.get(0).param(0).substring(1);
            assertThat(whole.subList(1, 4)).allSatisfy(m -> assertThat(m.tags()).doesNotContainKey("msgid")
                    .containsEntry("batch", batch));

            List<IrcMessage> lines = carol.sync();
            assertThat(lines).extracting(IrcMessage::last).containsExactly("first line", "continued");
            assertThat(lines.get(0).tags()).containsEntry("msgid", msgid);
            assertThat(lines.get(1).tags()).doesNotContainKey("msgid").containsKey("time");

            alice.send("BATCH +b2 draft/multiline #multi");
            alice.send("@batch=b2 PRIVMSG #multi :hi");
            alice.send("@batch=b2;draft/multiline-concat PRIVMSG #multi :");
            List<IrcMessage> refused = alice.ask("BATCH -b2");
            assertThat(refused).singleElement().satisfies(m ->
                    assertThat(m.params()).startsWith("BATCH", "MULTILINE_INVALID"));
            assertThat(bob.sync()).isEmpty();
        }
    }

    private static IrcTestClient connectWith(String caps) throws Exception {
        IrcTestClient c = connect();
        c.send("CAP REQ :" + caps);
        c.await("CAP");
        c.send("CAP END");
        return c;
    }

    private static IrcTestClient connectWithTags() throws Exception {
        IrcTestClient c = connect();
        c.send("CAP REQ :message-tags");
        c.await("CAP");
        c.send("CAP END");
        return c;
    }

    @Test
    void commandsBeforeRegistrationAreRefused() throws Exception {
        try (IrcTestClient c = connect()) {
            c.send("JOIN #early");
            assertThat(c.await("451").param(0)).isEqualTo("*");
        }
    }

    @Test
    void nickErrors() throws Exception {
        try (IrcTestClient a = register("taken1");
             IrcTestClient b = register("other1")) {
            assertThat(commands(b.ask("NICK TAKEN1"))).containsExactly("433");
            assertThat(commands(b.ask("NICK -bad"))).containsExactly("432");
            assertThat(commands(b.ask("NICK bad!nick"))).containsExactly("432");
            assertThat(commands(b.ask("NICK"))).containsExactly("431");
            a.ask("JOIN #nicks");
            b.ask("JOIN #nicks");
            List<IrcMessage> change = b.ask("NICK renamed1");
            assertThat(change).singleElement().satisfies(m -> {
                assertThat(m.command()).isEqualTo("NICK");
                assertThat(m.source()).startsWith("other1!");
                assertThat(m.param(0)).isEqualTo("renamed1");
            });
            assertThat(a.await("NICK").param(0)).isEqualTo("renamed1");
        }
    }

    @Test
    void roomMessagesReachEveryOtherMember() throws Exception {
        try (IrcTestClient a = register("alice");
             IrcTestClient b = register("bob")) {
            List<IrcMessage> joined = a.ask("JOIN #chat");
            assertThat(commands(joined)).containsExactly("JOIN", "353", "366");
            assertThat(joined.get(1).last()).isEqualTo("@alice");
            b.ask("JOIN #chat");
            assertThat(a.await("JOIN").source()).startsWith("bob!");

            assertThat(b.ask("PRIVMSG #chat :Hello Everyone")).isEmpty();
            IrcMessage got = a.await("PRIVMSG");
            assertThat(got.source()).startsWith("bob!~bob@");
            assertThat(got.params()).containsExactly("#chat", "Hello Everyone");

            a.ask("PRIVMSG bob :direct");
            assertThat(b.await("PRIVMSG").params()).containsExactly("bob", "direct");

            assertThat(commands(a.ask("PRIVMSG nobody :x"))).containsExactly("401");
            assertThat(commands(a.ask("PRIVMSG #chat"))).containsExactly("412");
            assertThat(commands(a.ask("PRIVMSG #nowhere :x"))).containsExactly("401");
            assertThat(commands(a.ask("PART #elsewhere"))).containsExactly("403");

            b.ask("PART #chat :bye");
            assertThat(a.await("PART").params()).containsExactly("#chat", "bye");
            assertThat(commands(b.ask("PART #chat"))).containsExactly("442");
        }
    }

    @Test
    void echoMessageAndServerTime() throws Exception {
        try (IrcTestClient a = connect()) {
            assertThat(a.capLs()).contains("echo-message", "server-time", "message-tags", "multi-prefix",
                    "draft/multiline=max-bytes=4096,max-lines=100");
            a.send("CAP REQ :echo-message server-time");
            assertThat(a.await("CAP").param(1)).isEqualTo("ACK");
            a.send("NICK echoer");
            a.send("USER e 0 * :E");
            a.send("CAP END");
            a.await("376");
            a.ask("JOIN #echo");
            List<IrcMessage> echoed = a.ask("PRIVMSG #echo :hi me");
            assertThat(echoed).singleElement().satisfies(m -> {
                assertThat(m.params()).containsExactly("#echo", "hi me");
                assertThat(m.tags()).containsKey("time").doesNotContainKey("msgid");
            });
        }
    }

    @Test
    void capNegotiationIsAllOrNothing() throws Exception {
        try (IrcTestClient a = connect()) {
            a.send("CAP REQ :server-time no-such-cap");
            IrcMessage nak = a.await("CAP");
            assertThat(nak.params()).containsExactly("*", "NAK", "server-time no-such-cap");
            a.send("CAP LIST");
            assertThat(a.await("CAP").params()).containsExactly("*", "LIST", "");
            a.send("CAP FOO");
            assertThat(a.await("410").param(1)).isEqualTo("FOO");
        }
    }

    @Test
    void labeledResponsesAreBatched() throws Exception {
        try (IrcTestClient a = connect()) {
            a.send("CAP REQ :labeled-response batch");
            a.await("CAP");
            a.send("NICK labeler");
            a.send("USER l 0 * :L");
            a.send("CAP END");
            a.await("376");
            List<IrcMessage> replies = a.ask("@label=abc JOIN #labels");
            assertThat(replies.get(0).command()).isEqualTo("BATCH");
            assertThat(replies.get(0).tags()).containsEntry("label", "abc");
            assertThat(replies.get(replies.size() - 1).command()).isEqualTo("BATCH");
            List<IrcMessage> ack = a.ask("@label=def PONG x");
            assertThat(ack).singleElement().satisfies(m -> {
                assertThat(m.command()).isEqualTo("ACK");
                assertThat(m.tags()).containsEntry("label", "def");
            });
        }
    }

    @Test
    void roomModesAreEnforced() throws Exception {
        try (IrcTestClient op = register("opper");
             IrcTestClient user = register("plain")) {
            op.ask("JOIN #modes");
            user.ask("JOIN #modes");
            op.sync();

            assertThat(commands(user.ask("MODE #modes +m"))).containsExactly("482");
            op.ask("MODE #modes +m");
            assertThat(user.await("MODE").params()).containsExactly("#modes", "+m");
            assertThat(commands(user.ask("PRIVMSG #modes :quiet?"))).containsExactly("404");
            op.ask("MODE #modes +v plain");
            user.await("MODE");
            assertThat(user.ask("PRIVMSG #modes :now I may")).isEmpty();
            assertThat(op.await("PRIVMSG").last()).isEqualTo("now I may");

            List<IrcMessage> modeIs = op.ask("MODE #modes");
            assertThat(modeIs.get(0).command()).isEqualTo("324");
            assertThat(modeIs.get(0).param(2)).isEqualTo("+mnt");

            assertThat(commands(user.ask("TOPIC #modes :not allowed"))).containsExactly("482");
            op.ask("TOPIC #modes :Our CN project");
            assertThat(user.await("TOPIC").last()).isEqualTo("Our CN project");

            user.ask("PART #modes");
            op.ask("MODE #modes +k secret");
            assertThat(commands(user.ask("JOIN #modes"))).containsExactly("475");
            assertThat(commands(user.ask("JOIN #modes secret"))).startsWith("JOIN", "332", "333", "353", "366");
            user.ask("PART #modes");
            op.ask("MODE #modes -k+i *");
            assertThat(commands(user.ask("JOIN #modes"))).containsExactly("473");
            op.ask("INVITE plain #modes");
            assertThat(user.await("INVITE").params()).containsExactly("plain", "#modes");
            assertThat(commands(user.ask("JOIN #modes"))).startsWith("JOIN");
            user.ask("PART #modes");
            op.ask("MODE #modes -i+b plain!*@*");
            assertThat(commands(user.ask("JOIN #modes"))).containsExactly("474");
            List<IrcMessage> bans = op.ask("MODE #modes +b");
            assertThat(commands(bans)).containsExactly("367", "368");
            assertThat(bans.get(0).param(2)).isEqualTo("plain!*@*");
            op.ask("MODE #modes -b+l plain!*@* 1");
            assertThat(commands(user.ask("JOIN #modes"))).containsExactly("471");
            assertThat(commands(op.ask("MODE #modes +z"))).containsExactly("472");
        }
    }

    @Test
    void kickRemovesAMember() throws Exception {
        try (IrcTestClient op = register("kicker");
             IrcTestClient user = register("kicked")) {
            op.ask("JOIN #kick");
            user.ask("JOIN #kick");
            assertThat(commands(user.ask("KICK #kick kicker"))).containsExactly("482");
            op.ask("KICK #kick kicked :behave");
            assertThat(user.await("KICK").params()).containsExactly("#kick", "kicked", "behave");
            assertThat(commands(user.ask("PRIVMSG #kick :back?"))).containsExactly("404");
        }
    }

    @Test
    void badInputGetsAnAnswerAndOthersKeepChatting() throws Exception {
        try (IrcTestClient bad = register("mallory");
             IrcTestClient good = register("goodie");
             IrcTestClient peer = register("peer")) {
            bad.ask("JOIN #safe");
            good.ask("JOIN #safe");
            peer.ask("JOIN #safe");
            bad.sync();
            good.sync();

            assertThat(commands(bad.ask("PRIVMSG #safe :" + "a".repeat(600)))).containsExactly("417");
            assertThat(commands(bad.ask("PRIVMSG #safe :" + "b".repeat(20_000)))).containsExactly("417");
            bad.sendRaw("PRIVMSG #safe :caf\u00e9 \r\n".getBytes(StandardCharsets.ISO_8859_1));
            List<IrcMessage> utf8 = bad.sync();
            assertThat(utf8).singleElement().satisfies(m -> {
                assertThat(m.command()).isEqualTo("FAIL");
                assertThat(m.params()).startsWith("PRIVMSG", "INVALID_UTF8");
            });
            assertThat(commands(bad.ask("PRIV.MSG x"))).containsExactly("FAIL");
            bad.sendRaw("PRIVMSG #safe :nul\0byte\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(commands(bad.sync())).containsExactly("FAIL");
            assertThat(commands(bad.ask("FROBNICATE"))).containsExactly("421");

            good.ask("PRIVMSG #safe :still here");
            assertThat(peer.await("PRIVMSG").last()).isEqualTo("still here");
            bad.ask("PRIVMSG #safe :and me");
            assertThat(peer.await("PRIVMSG").last()).isEqualTo("and me");
        }
    }

    @Test
    void quitIsSeenByRoomPeers() throws Exception {
        try (IrcTestClient stay = register("stayer")) {
            IrcTestClient leave = register("leaver");
            stay.ask("JOIN #quit");
            leave.ask("JOIN #quit");
            leave.send("QUIT :Quitting chat...");
            List<IrcMessage> last = leave.awaitClose();
            assertThat(last.get(last.size() - 1).command()).isEqualTo("ERROR");
            leave.close();
            IrcMessage quit = stay.await("QUIT");
            assertThat(quit.source()).startsWith("leaver!");
            assertThat(quit.last()).isEqualTo("Quit: Quitting chat...");
            List<IrcMessage> whowas = stay.ask("WHOWAS leaver");
            assertThat(commands(whowas)).containsExactly("314", "312", "369");
        }
    }

    @Test
    void whoAndWhois() throws Exception {
        try (IrcTestClient a = register("whoer");
             IrcTestClient b = register("whoed")) {
            a.ask("JOIN #who");
            b.ask("JOIN #who");
            a.sync();
            List<IrcMessage> who = a.ask("WHO #who");
            assertThat(commands(who)).containsExactly("352", "352", "315");
            assertThat(who.get(0).params()).contains("#who", "whoer", "H@", "0 Real whoer");
            List<IrcMessage> whox = a.ask("WHO whoed %tnar,42");
            assertThat(whox.get(0).params()).containsExactly("whoer", "42", "whoed", "0", "Real whoed");
            List<IrcMessage> whois = a.ask("WHOIS whoed");
            assertThat(commands(whois)).contains("311", "319", "312", "317", "318");
            assertThat(commands(a.ask("WHOIS ghost"))).containsExactly("401", "318");
            b.ask("AWAY :lunch");
            assertThat(commands(a.ask("PRIVMSG whoed :hi"))).containsExactly("301");
            assertThat(a.ask("ISON whoed ghost").get(0).last()).isEqualTo("whoed");
        }
    }

    @Test
    void operatorsMayKill() throws Exception {
        try (IrcTestClient a = register("victim");
             IrcTestClient b = register("wannabe")) {
            assertThat(commands(b.ask("KILL victim :x"))).containsExactly("481");
            assertThat(commands(b.ask("OPER nobody wrong"))).containsExactly("464");
        }
    }
}
