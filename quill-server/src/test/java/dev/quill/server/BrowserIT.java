package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.quill.core.model.DecoderModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tutor page and the live dashboard in a real browser: Debian's Chromium, headless, driven
 * by Selenium through Debian's chromium-driver, against a real server on an ephemeral port.
 *
 * <p>The correction is asserted on the trained tutor model ({@code models/quill-tutor}, or the
 * directory in {@code -Dquill.browser.model}): only a model that really corrects "She go to
 * school every days" can show a changed sentence with marked, explained edits on every run. The
 * test model of the other tests is random noise, so without the trained model that one test
 * fails and says so; the error pages and the dashboard do not depend on what the model writes
 * and run on whichever model there is.
 *
 * <p>A missing browser is a failure with the command that installs it, never a skip (the build
 * installs it first when it runs as root: src/test/browser/ensure-chromium.sh). Screenshots go
 * to {@code target/browser/}; {@code -Dquill.browser.updateDocs=true} also copies them to
 * {@code docs/} (docs/tutor.png, docs/dashboard.png, shown in the README).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {
    private static final String SENTENCE = "She go to school every days";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path ROOT = Path.of(System.getProperty("quill.root", "..")).toAbsolutePath().normalize();

    private static Path tutorModel; // null: not trained yet
    private static TestServers.Running server;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() {
        tutorModel = trainedModel();
        browser = chromium();
        server = TestServers.start(Map.of("rate-limit-per-minute", "0", "max-output-tokens", "48",
                "model", (tutorModel != null ? tutorModel : TestServers.modelDir()).toString()));
        base = "http://127.0.0.1:" + server.server.port();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    /** First, while the server has answered nothing: its request rate is 0 until the burst. */
    @Test
    @Order(1)
    void dashboardCountersAndChartsMoveUnderABurstOfRequests() throws Exception {
        browser.get(base + "/dashboard");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(d -> text("t-requests").matches("\\d+"));
        long before = Long.parseLong(text("t-requests"));
        double peakBefore = peak("chart-rps");
        String e2eBefore = text("t-e2e");

        int burst = 12;
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            String s = i % 2 == 0 ? SENTENCE : "He have two cat";
            clients.add(Thread.ofVirtual().start(() -> server.http.postJson("/v1/grammar/correct", "{\"sentence\": \"" + s + "\"}")));
        }
        for (Thread t : clients) t.join();

        wait.until(d -> Long.parseLong(text("t-requests")) >= before + burst);
        wait.until(d -> peak("chart-rps") > peakBefore);
        wait.until(d -> peak("chart-batch") >= 1);
        assertThat(text("t-e2e")).isNotEqualTo(e2eBefore).matches("[0-9.,]+ m?s / [0-9.,]+ m?s");
        // the stacked bar's "actual" row and the stage table filled in
        assertThat(peak("chart-budget")).isGreaterThan(0);
        assertThat(browser.findElements(By.cssSelector("#stage-table tbody tr"))).hasSizeGreaterThanOrEqualTo(9);
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
        screenshot("dashboard.png", 1200);
        assertFitsPhoneWidth();
    }

    @Test
    @Order(2)
    void tutorPageStreamsTheCorrectionAndMarksEachEditWithItsExplanation() {
        if (tutorModel == null) {
            fail("The trained tutor model is missing: no " + ROOT.resolve("models/quill-tutor")
                    + "/config.json. This test needs a model that really corrects \"" + SENTENCE + "\" (the random test model "
                    + "writes noise). Commit the trained model to models/quill-tutor (issue 4; quill-train/train-tutor.sh with "
                    + "QUILL_TUTOR_EXPORT=models/quill-tutor) or point -Dquill.browser.model=DIR at one.");
        }
        browser.get(base + "/");
        WebElement box = browser.findElement(By.id("sentence"));
        assertThat(browser.findElement(By.cssSelector("label[for=sentence]")).getText()).isNotBlank();
        assertThat(browser.switchTo().activeElement()).as("the sentence box has the focus").isEqualTo(box);
        box.sendKeys(SENTENCE);
        box.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER)); // the keyboard path, no mouse

        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("result")).isDisplayed());
        String corrected = text("corrected");
        assertThat(corrected).isNotBlank().isNotEqualTo(SENTENCE);
        // the tokens streamed into the page add up to the correction
        assertThat(js("return document.getElementById('stream').textContent")).isEqualTo(corrected);
        List<WebElement> marks = browser.findElements(By.cssSelector("#marked del, #marked ins"));
        assertThat(marks).as("edits marked inline").isNotEmpty();
        List<WebElement> cards = browser.findElements(By.cssSelector("#edits li.card"));
        assertThat(cards).as("one card per edit").hasSizeGreaterThanOrEqualTo(1);
        for (WebElement card : cards) {
            assertThat(card.findElement(By.cssSelector(".type")).getText()).isNotBlank();
            assertThat(card.findElement(By.cssSelector(".explanation")).getText()).hasSizeGreaterThan(20);
        }
        // the rule card's examples, from GET /v1/rules/{id}
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("#edits li.card .examples li")).isEmpty());
        assertThat(text("usage")).contains(" ms").contains("prompt tokens").contains("cost $");
        assertThat(text("status")).startsWith("Done in");
        screenshot("tutor.png", 1100);
        assertFitsPhoneWidth();
    }

    @Test
    @Order(3)
    void refusedTextShowsTheProblemInWordsNotJson() {
        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        // 422: nothing to correct
        browser.findElement(By.id("correct")).click();
        wait.until(d -> d.findElement(By.id("problem")).isDisplayed());
        assertThat(text("problem-title")).isEqualTo("Invalid request");
        WebElement problem = browser.findElement(By.id("problem"));
        assertThat(problemText()).contains("Error 422").contains("'sentence' is empty").contains("Please check your text.")
                .doesNotContain("{").doesNotContain("/problems/");
        assertThat(problem.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.findElement(By.id("output")).isDisplayed()).isFalse();

        // 413: a body over the server's cap (8 KiB) is refused unread
        js("document.getElementById('sentence').value = 'word '.repeat(2000)");
        browser.findElement(By.id("correct")).click();
        wait.until(d -> text("problem-title").equals("Request body too large"));
        assertThat(problemText()).contains("Error 413").contains("Shorten it");

        // the refusals this server can only be pushed into under load, worded by the same code
        assertThat(advice(429, "{title: 'Too many requests', status: 429, detail: 'd', retry_after: 3}"))
                .isEqualTo("You have sent many requests in a short time. Try again in 3 seconds.");
        assertThat(advice(503, "{title: 'Server overloaded', status: 503, detail: 'd', retry_after: 1}"))
                .isEqualTo("The tutor is busy right now. Try again in 1 second.");
        assertThat(advice(504, "{title: 'Deadline exceeded', status: 504, detail: 'd'}")).contains("took too long");
        assertThat(advice(502, "null")).isEqualTo("Something went wrong on the server.");
    }

    private static String advice(int status, String problem) {
        return (String) js("return QuillApi.describe(" + status + ", " + problem + ", null).advice");
    }

    // ---------------------------------------------------------------- helpers

    /** models/quill-tutor (or -Dquill.browser.model), when it holds a model. */
    private static Path trainedModel() {
        String given = System.getProperty("quill.browser.model", "");
        Path dir = given.isBlank() ? ROOT.resolve("models/quill-tutor") : Path.of(given).toAbsolutePath();
        boolean present = DecoderModel.isModelDirectory(dir);
        if (!present && !given.isBlank()) fail("-Dquill.browser.model=" + given + " holds no config.json (nor an ensemble.json)");
        return present ? dir : null;
    }

    /** Debian's Chromium, headless, through Debian's chromium-driver; a clear failure when either is missing. */
    private static ChromeDriver chromium() {
        Path chromium = Path.of(System.getProperty("quill.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("quill.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            fail("The browser tests need Debian's Chromium and ChromeDriver (" + chromium + ", " + driver + "), and "
                    + (Files.isExecutable(chromium) ? driver : chromium) + " is missing. Install them with "
                    + "`apt-get install chromium chromium-driver` (as root); the Maven build does so itself before the "
                    + "integration tests when it runs as root (quill-server/src/test/browser/ensure-chromium.sh).");
        }
        try {
            Path profile = Files.createTempDirectory("quill-browser-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            // no background traffic: the machine's closed network refuses it, many connections at a time
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=en-US", "--window-size=1200,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                    .usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The problem box's words as written (getText would give them as styled, upper case for the status). */
    private static String problemText() {
        return (String) js("return document.getElementById('problem').textContent");
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** The largest value a chart has drawn (its data-peak). */
    private static double peak(String chartId) {
        String p = browser.findElement(By.id(chartId)).getAttribute("data-peak");
        return p == null ? -1 : Double.parseDouble(p);
    }

    /** At a phone's width (390 CSS pixels) nothing sticks out sideways. */
    private static void assertFitsPhoneWidth() {
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            Function<WebDriver, Boolean> fits = d -> (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth");
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(fits::apply);
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    /** The whole page at {@code width}, to target/browser/ (and docs/ with -Dquill.browser.updateDocs=true). */
    private static void screenshot(String name, int width) {
        Dimension size = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(width, size.getHeight()));
            Thread.sleep(1200); // the dashboard redraws its charts at the new width on its next poll
            long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight)");
            long viewport = (Long) js("return document.documentElement.clientWidth");
            // WebDriver's screenshot is of the viewport; DevTools' can reach past it, so the whole page fits
            Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", viewport, "height", height, "scale", 1)));
            byte[] png = java.util.Base64.getDecoder().decode((String) shot.get("data"));
            Path dir = Files.createDirectories(Path.of("target/browser"));
            Files.write(dir.resolve(name), png);
            if (Boolean.getBoolean("quill.browser.updateDocs")) {
                Files.write(Files.createDirectories(ROOT.resolve("docs")).resolve(name), png);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(size);
        }
    }
}
