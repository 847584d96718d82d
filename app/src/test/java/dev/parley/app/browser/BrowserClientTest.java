package dev.parley.app.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.app.TerminalMembers;
import dev.parley.protocol.IrcMessage;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.logging.LogEntry;

/**
 * The browser client, served by a real server over HTTPS and driven in Debian's Chromium: members
 * in browsers and in a terminal IRC client talk, log in wrongly, write privately, reload, and
 * live through a server restart. Every page must end with a console free of errors and CSP
 * violations.
 */
class BrowserClientTest {
    /** Where the lobby's screenshot goes, for the README (the test runs in app/). */
    static final Path SCREENSHOT = Path.of("..", "docs", "web-lobby.png");

    @TempDir
    Path dir;
    private ParleyServer server;
    private int ircPort;
    private int webPort;
    private final List<Browser> browsers = new ArrayList<>();
    private final List<IrcTestClient> ircClients = new ArrayList<>();
    /** Console lines a test expects, such as the browser's own report of a refused reconnect. */
    private final List<Pattern> expectedConsole = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        assertThat(Browser.installed())
                .as("Debian's chromium and chromium-driver (.ci/run installs them)").isTrue();
        server = startServer(0, 0);
        ircPort = server.boundAddresses().get(0).getPort();
        webPort = server.webAddress().orElseThrow().getPort();
        server.accounts().store().create("19803021", "Pranav Gupta", "hello-everyone");
        server.accounts().store().create("19803023", "Sanskar Gupta", "cn-lab-2023");
        server.accounts().store().create("19803099", "Ritawari Pareek", "cn-project");
    }

    private ParleyServer startServer(int ircPortWanted, int webPortWanted) throws Exception {
        return ParleyServer.start(TestServers.plaintext(dir.resolve("data"))
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", ircPortWanted, true)))
                .withAuth(ParleyConfig.AuthSection.defaults())
                .withRooms(new ParleyConfig.RoomsSection(List.of("#lobby")))
                .withWeb(new ParleyConfig.WebSection(true, "127.0.0.1", webPortWanted, true, List.of()))
                .withMetrics(new ParleyConfig.MetricsSection(true, "127.0.0.1", 0)));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (Browser browser : browsers) {
                List<String> bad = problems(browser.console()).stream()
                        .filter(line -> expectedConsole.stream().noneMatch(p -> p.matcher(line).find()))
                        .toList();
                assertThat(bad).as("console errors and CSP violations").isEmpty();
            }
        } finally {
            browsers.forEach(Browser::close);
            for (IrcTestClient c : ircClients) {
                c.close();
            }
            server.close();
        }
    }

    /** Console entries that are errors, or warnings about the page's security policy. */
    static List<String> problems(List<LogEntry> console) {
        return console.stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
                        || e.getMessage().contains("Content Security Policy")
                        || e.getMessage().contains("Content-Security-Policy"))
                .map(LogEntry::getMessage)
                .toList();
    }

    private String pageUrl() {
        return "https://localhost:" + webPort + "/";
    }

    private Browser browser(String name) {
        Browser browser = new Browser(dir.resolve("profile-" + name));
        browsers.add(browser);
        browser.open(pageUrl());
        return browser;
    }

    private Browser loggedIn(String name, String id, String password, String realName) {
        Browser browser = browser(name);
        browser.logIn(id, password);
        browser.awaitTexts("#greeting li", lines -> assertThat(lines).contains(id + " : " + realName));
        browser.awaitText("room-name", "#lobby"::equals);
        return browser;
    }

    private IrcTestClient terminalMember(String id, String password) throws Exception {
        return terminalMember(id, password, "");
    }

    private IrcTestClient terminalMember(String id, String password, String moreCaps) throws Exception {
        IrcTestClient c = TerminalMembers.logIn(new InetSocketAddress("127.0.0.1", ircPort),
                server.certificateFingerprint().orElseThrow(), id, password, moreCaps);
        ircClients.add(c);
        return c;
    }

    @Test
    void twoBrowserMembersAndATerminalMemberTalkInTheLobbyByRealName() throws Exception {
        Metrics before = Metrics.scrape(server.metricsAddress().orElseThrow());
        Browser pranav = loggedIn("pranav", "19803021", "hello-everyone", "Pranav Gupta");
        assertThat(pranav.texts("#greeting li")).containsSubsequence(
                "19803021 : Pranav Gupta", "All set, type 'QUIT' to leave...");
        Browser sanskar = loggedIn("sanskar", "19803023", "cn-lab-2023", "Sanskar Gupta");
        pranav.awaitLine("Sanskar Gupta has entered the chat!");

        IrcTestClient ritawari = terminalMember("19803099", "cn-project");
        pranav.awaitLine("Ritawari Pareek has entered the chat!");
        sanskar.awaitLine("Ritawari Pareek has entered the chat!");

        pranav.say("Hello Everyone");
        pranav.awaitLine("<<You>> : Hello Everyone");
        sanskar.awaitLine("<<Pranav Gupta>> : Hello Everyone");
        IrcMessage heard = ritawari.await(m -> m.command().equals("PRIVMSG"));
        assertThat(heard.source()).startsWith("19803021!");
        assertThat(heard.params()).containsExactly("#lobby", "Hello Everyone");

        ritawari.send("PRIVMSG #lobby :This is our CN Project");
        pranav.awaitLine("<<Ritawari Pareek>> : This is our CN Project");
        sanskar.awaitLine("<<Ritawari Pareek>> : This is our CN Project");
        sanskar.say("Nice to meet you all");
        pranav.awaitLine("<<Sanskar Gupta>> : Nice to meet you all");

        // The terminal member knows the browser members by their real names too.
        List<IrcMessage> who = ritawari.ask("WHO #lobby");
        assertThat(who.stream().filter(m -> m.command().equals("352")).map(IrcMessage::last))
                .contains("0 Pranav Gupta", "0 Sanskar Gupta", "0 Ritawari Pareek");

        // Everyone in the member list by real name, and presence: away shows.
        ritawari.send("AWAY :in the lab");
        pranav.awaitTexts("#member-list .member.away .name", away -> assertThat(away).containsExactly("Ritawari Pareek"));
        assertThat(pranav.texts("#member-list .member .name"))
                .containsExactly("Pranav Gupta (you)", "Sanskar Gupta", "Ritawari Pareek");
        pranav.screenshot(SCREENSHOT);

        // The counters moved with what the three of them did.
        Metrics after = Metrics.scrape(server.metricsAddress().orElseThrow());
        assertThat(after.get("parley_registrations_total") - before.get("parley_registrations_total")).isEqualTo(3);
        assertThat(after.get("parley_logins_total{outcome=\"success\"}")
                - before.get("parley_logins_total{outcome=\"success\"}")).isEqualTo(3);
        assertThat(after.get("parley_messages_total") - before.get("parley_messages_total")).isGreaterThanOrEqualTo(3);
        assertThat(after.get("parley_lines_delivered_total")).isGreaterThan(before.get("parley_lines_delivered_total"));
        assertThat(after.get("parley_connections")).isEqualTo(3);
    }

    @Test
    void onAPhoneTheRoomsAndPeopleOpenAsPanels() {
        Browser phone = browser("phone");
        phone.resize(400, 800);
        phone.logIn("19803021", "hello-everyone");
        phone.awaitText("room-name", "#lobby"::equals);
        assertThat(phone.shown("sidebar")).isFalse();
        assertThat(phone.shown("members")).isFalse();
        phone.click("menu-button");
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.shown("sidebar"));
        assertThat(phone.attribute("menu-button", "aria-expanded")).isEqualTo("true");
        phone.openBuffer("#lobby"); // choosing a room closes the panel again
        await().atMost(Duration.ofSeconds(10)).until(() -> !phone.shown("sidebar"));
        phone.click("members-button");
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.shown("members"));
        phone.awaitTexts("#member-list .member .name", names -> assertThat(names).containsExactly("Pranav Gupta (you)"));
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessage() {
        Browser page = browser("wrong");
        page.logIn("19803021", "not-my-password");
        page.awaitText("login-error", "Wrong member id or password."::equals);
        assertThat((String) page.script("return document.getElementById('password').value")).isEmpty();
        page.logIn("19803021", "hello-everyone");
        page.awaitTexts("#greeting li", lines -> assertThat(lines).contains("19803021 : Pranav Gupta"));
    }

    @Test
    void theConsoleCheckSeesWhatThePolicyRefuses() {
        // The check every test ends with is only worth something if it sees a violation: an
        // inline script, which the server's CSP forbids, must show in the console it reads.
        Browser page = browser("csp");
        page.awaitText("banner", "PARLEY"::equals);
        page.script("const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                + " document.head.append(s);");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(problems(page.console()))
                .anySatisfy(line -> assertThat(line).contains("violates the following Content Security Policy")));
        assertThat(page.script("return window.x === undefined")).isEqualTo(true);
        expectedConsole.add(Pattern.compile("Executing inline script violates the following Content Security Policy"));
    }

    @Test
    void aPrivateMessageReachesOnlyTheOtherSide() throws Exception {
        Browser pranav = loggedIn("pranav", "19803021", "hello-everyone", "Pranav Gupta");
        Browser sanskar = loggedIn("sanskar", "19803023", "cn-lab-2023", "Sanskar Gupta");
        IrcTestClient ritawari = terminalMember("19803099", "cn-project");
        pranav.awaitLine("Ritawari Pareek has entered the chat!");

        pranav.clickMember("Sanskar Gupta");
        pranav.awaitText("room-name", "Sanskar Gupta (private)"::equals);
        pranav.say("Can you bring the report?");
        pranav.awaitLine("<<You>> : Can you bring the report?");
        // Sanskar sees the conversation appear with one unread line, and reads it.
        sanskar.awaitTexts("#private-buffers .buffer .name", names -> assertThat(names).containsExactly("Pranav Gupta"));
        assertThat(sanskar.texts("#private-buffers .buffer .unread")).containsExactly("1");
        sanskar.openBuffer("Pranav Gupta");
        sanskar.awaitLine("<<Pranav Gupta>> : Can you bring the report?");
        assertThat(pranav.texts("#private-buffers .buffer .unread")).isEmpty();

        // A private line from the terminal, and none of it in the lobby or at the third member.
        ritawari.send("PRIVMSG 19803021 :See you on Friday");
        pranav.awaitTexts("#private-buffers .buffer .name", names -> assertThat(names).contains("Ritawari Pareek"));
        pranav.openBuffer("Ritawari Pareek");
        pranav.awaitLine("<<Ritawari Pareek>> : See you on Friday");
        List<IrcMessage> atRitawari = ritawari.sync();
        assertThat(atRitawari).noneMatch(m -> m.command().equals("PRIVMSG"));
        sanskar.openBuffer("#lobby");
        assertThat(sanskar.lines()).noneMatch(l -> l.contains("report") || l.contains("Friday"));
    }

    @Test
    void aReloadKeepsTheRoomsAndShowsTheirHistory() {
        Browser pranav = loggedIn("pranav", "19803021", "hello-everyone", "Pranav Gupta");
        pranav.joinRoom("#cn-project");
        pranav.say("Our project is a secure chat room");
        pranav.awaitLine("<<You>> : Our project is a secure chat room");

        pranav.reload();
        pranav.awaitText("room-name", "#cn-project"::equals);
        pranav.awaitLine("<<You>> : Our project is a secure chat room");
        assertThat(pranav.texts("#room-buffers .buffer .name")).containsExactly("#cn-project", "#lobby");
        // What the tab keeps to log in again is a SCRAM key, never the password.
        String kept = (String) pranav.script("return JSON.stringify(sessionStorage)");
        assertThat(kept).contains("19803021").doesNotContain("hello-everyone");
        pranav.say("Still here after a reload");
        pranav.awaitLine("<<You>> : Still here after a reload");
        pranav.nextBuffer();
        pranav.awaitText("room-name", "#lobby"::equals);
    }

    @Test
    void aPageOpenWhileTheServerRestartsReconnectsAndCatchesUp() throws Exception {
        Browser pranav = loggedIn("pranav", "19803021", "hello-everyone", "Pranav Gupta");
        pranav.say("Before the restart");
        pranav.awaitLine("<<You>> : Before the restart");

        server.close();
        // While the server is down, Chromium itself logs each refused reconnect; nothing else may show.
        expectedConsole.add(Pattern.compile("WebSocket connection to 'wss://localhost:" + webPort
                + "/socket' failed: Error in connection establishment: net::ERR_CONNECTION_REFUSED$"));
        pranav.awaitText("state-line", s -> s.startsWith("Offline"));
        server = startServer(ircPort, webPort);
        IrcTestClient ritawari = terminalMember("19803099", "cn-project");
        ritawari.ask("PRIVMSG #lobby :Said while the page was away");

        await().atMost(Duration.ofSeconds(30)).until(() -> pranav.text("state-line").isEmpty());
        pranav.awaitLine("<<Ritawari Pareek>> : Said while the page was away");
        assertThat(pranav.lines()).containsOnlyOnce("<<You>> : Before the restart");
        pranav.say("Back again");
        ritawari.await(m -> m.command().equals("PRIVMSG") && m.last().equals("Back again"));
    }

    @Test
    void roomsFromTheListWithTheirTopicSearchAndADeletedMessage() throws Exception {
        IrcTestClient ritawari = terminalMember("19803099", "cn-project", "echo-message message-tags draft/message-redaction");
        ritawari.ask("JOIN #cn-project");
        ritawari.ask("TOPIC #cn-project :Secure chat with sockets");
        Browser pranav = loggedIn("pranav", "19803021", "hello-everyone", "Pranav Gupta");

        pranav.click("list-button");
        pranav.awaitTexts("#room-list .room-listing .name", rooms -> assertThat(rooms).contains("#cn-project", "#lobby"));
        pranav.clickListedRoom("#cn-project");
        pranav.awaitText("room-name", "#cn-project"::equals);
        pranav.awaitText("topic", "Secure chat with sockets"::equals);
        pranav.awaitTexts("#member-list .member .name", names -> assertThat(names)
                .containsExactly("Pranav Gupta (you)", "Ritawari Pareek"));

        // A message taken back shows as deleted where it stood.
        ritawari.send("PRIVMSG #cn-project :Bring the report on Friday");
        IrcMessage echo = ritawari.await(m -> m.command().equals("PRIVMSG") && m.last().startsWith("Bring"));
        pranav.awaitLine("<<Ritawari Pareek>> : Bring the report on Friday");
        ritawari.send("PRIVMSG #cn-project :The report is in the shared folder");
        pranav.awaitLine("<<Ritawari Pareek>> : The report is in the shared folder");
        ritawari.send("REDACT #cn-project " + echo.tags().get("msgid"));
        pranav.awaitLine("<<Ritawari Pareek>> : (message deleted)");
        assertThat(pranav.lines()).doesNotContain("<<Ritawari Pareek>> : Bring the report on Friday");

        // Search finds what is left, by its words, with where it was said.
        pranav.search("report");
        pranav.awaitTexts("#search-results h2", h -> assertThat(h).containsExactly("Search: report (1 found)"));
        assertThat(pranav.texts("#search-results .result .text"))
                .containsExactly("<<Ritawari Pareek>> : The report is in the shared folder");
        assertThat(pranav.texts("#search-results .result .where")).containsExactly("#cn-project");
    }

    @Test
    void unreadCountsAndReadMarkersFollowTheMemberToTheirOtherPage() throws Exception {
        Browser laptop = loggedIn("laptop", "19803021", "hello-everyone", "Pranav Gupta");
        Browser phone = loggedIn("phone", "19803021", "hello-everyone", "Pranav Gupta");
        // Each page is a connection of its own, in the rooms it joined; both look at another room.
        laptop.joinRoom("#cn-project");
        phone.joinRoom("#cn-project");

        IrcTestClient ritawari = terminalMember("19803099", "cn-project");
        ritawari.ask("PRIVMSG #lobby :Two things for the lobby");
        ritawari.ask("PRIVMSG #lobby :and a second one");
        laptop.awaitTexts("#room-buffers .buffer .unread", counts -> assertThat(counts).containsExactly("2"));
        phone.awaitTexts("#room-buffers .buffer .unread", counts -> assertThat(counts).containsExactly("2"));

        // Reading on the phone marks it read on the laptop too (draft/read-marker).
        phone.openBuffer("#lobby");
        phone.awaitLine("<<Ritawari Pareek>> : and a second one");
        laptop.awaitTexts("#room-buffers .buffer .unread", counts -> assertThat(counts).isEmpty());
        assertThat(laptop.text("room-name")).isEqualTo("#cn-project");
    }

    @Test
    void olderHistoryComesWhenScrolledToTheTop() throws Exception {
        IrcTestClient ritawari = terminalMember("19803099", "cn-project");
        for (int i = 1; i <= 60; i++) {
            ritawari.send("PRIVMSG #lobby :line " + i);
        }
        ritawari.sync();
        Browser pranav = loggedIn("pranav", "19803021", "hello-everyone", "Pranav Gupta");
        pranav.awaitLine("<<Ritawari Pareek>> : line 60");
        // One page of the latest (50 events, some of them joins); the rest when the member scrolls up.
        assertThat(pranav.lines()).doesNotContain("<<Ritawari Pareek>> : line 10");
        pranav.script("document.getElementById('lines').scrollTop = 0");
        pranav.awaitLine("<<Ritawari Pareek>> : line 1");
        List<String> said = pranav.lines().stream().filter(l -> l.startsWith("<<Ritawari Pareek>> : line ")).toList();
        assertThat(said).hasSize(60).startsWith("<<Ritawari Pareek>> : line 1", "<<Ritawari Pareek>> : line 2")
                .endsWith("<<Ritawari Pareek>> : line 60");
    }
}
