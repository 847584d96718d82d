package dev.parley.app.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Debian Chromium, driven through Debian's chromedriver, with a profile of its own:
 * what a member's browser does with the page, and what its console said.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Selenium looks for a DevTools binding matching the browser's version and warns when it has
     * none; these tests use WebDriver only. Held here so that the setting is not collected.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final List<LogEntry> console = new ArrayList<>();

    public Browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                // The test server's certificate is self-signed; only this test browser ignores that.
                "--ignore-certificate-errors", "--window-size=1280,800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public void open(String url) {
        driver.get(url);
    }

    public void reload() {
        collectConsole();
        driver.navigate().refresh();
    }

    /** Logs in by keyboard alone: the member id, Tab, the password, Enter. */
    public void logIn(String memberId, String password) {
        await().atMost(WAIT).until(() -> driver.findElement(By.id("member-id")).isDisplayed());
        WebElement id = driver.findElement(By.id("member-id"));
        id.clear();
        id.sendKeys(memberId + Keys.TAB);
        driver.switchTo().activeElement().sendKeys(password + Keys.ENTER);
    }

    /** Alt+Down: the next room or conversation, from the keyboard. */
    public void nextBuffer() {
        driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_DOWN));
    }

    /** Types a line in the message box and sends it with Enter, as a member would. */
    public void say(String text) {
        WebElement input = driver.findElement(By.id("message-input"));
        input.sendKeys(text + "\n");
    }

    public void joinRoom(String room) {
        driver.findElement(By.id("join-input")).sendKeys(room + "\n");
        awaitText("room-name", room::equals);
    }

    /** The window's size, e.g. a phone's width. */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    public boolean shown(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    public String attribute(String id, String name) {
        return driver.findElement(By.id(id)).getDomAttribute(name);
    }

    public void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    /** Searches with the box at the top, as a member would: the words, then Enter. */
    public void search(String words) {
        driver.findElement(By.id("search-input")).sendKeys(words + "\n");
    }

    /** Joins a room from the server's room list ("Browse rooms"). */
    public void clickListedRoom(String room) {
        clickWhere("#room-list .room-listing", button -> button.findElement(By.className("name")).getText().equals(room));
    }

    /** Opens a room or conversation from the list on the left by its shown name. */
    public void openBuffer(String shownName) {
        clickWhere("#sidebar .buffer", button -> button.findElement(By.className("name")).getText().equals(shownName));
    }

    /** Clicks a member in the member list (which opens a private conversation). */
    public void clickMember(String shownName) {
        clickWhere("#member-list .member", button -> button.findElement(By.className("name")).getText().equals(shownName));
    }

    /** Clicks the first of the elements css selects that matches, once there is one. */
    private void clickWhere(String css, Predicate<WebElement> which) {
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
            for (WebElement element : driver.findElements(By.cssSelector(css))) {
                if (which.test(element)) {
                    element.click();
                    return true;
                }
            }
            return false;
        });
    }

    /** The text of each line shown in the open room, without the time in front. */
    public List<String> lines() {
        return texts("#lines .line .text");
    }

    public List<String> texts(String css) {
        List<String> out = new ArrayList<>();
        for (WebElement e : driver.findElements(By.cssSelector(css))) {
            out.add(e.getText());
        }
        return out;
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    public void awaitLine(String line) {
        awaitTexts("#lines .line .text", lines -> assertThat(lines).contains(line));
    }

    public void awaitText(String id, Predicate<String> wanted) {
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).untilAsserted(() ->
                assertThat(driver.findElement(By.id(id)).getText()).as("#" + id).matches(wanted));
    }

    /** Waits until the texts of what css selects pass an assertion; a failure says what was there. */
    public void awaitTexts(String css, Consumer<List<String>> assertion) {
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> assertion.accept(texts(css)));
    }

    public Object script(String js) {
        return driver.executeScript(js);
    }

    public void screenshot(Path to) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(to.getParent());
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Everything the console said since the start: errors, CSP violations and the rest. */
    public List<LogEntry> console() {
        collectConsole();
        return List.copyOf(console);
    }

    private void collectConsole() {
        driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
