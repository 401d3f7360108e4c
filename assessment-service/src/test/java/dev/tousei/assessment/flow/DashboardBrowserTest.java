package dev.tousei.assessment.flow;

import static dev.tousei.assessment.flow.AssessmentTestKafka.AUTOMATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The SOC dashboard in a real headless Chromium (Debian's {@code chromium}, driven through its {@code chromedriver}):
 * log in at Keycloak's form, watch a cell turn red without a reload when a FAIL evidence arrives, drill down, switch
 * to English, log out; and a user without the viewer role gets no data.
 *
 * <p>Without the browser the test is skipped, unless {@code -Dbrowser.required=true} (set by {@code deploy/local/test}
 * and so by CI): then it fails and says what to install. Screenshots go to {@code target/}.
 */
@QuarkusTest
@QuarkusTestResource(AssessmentTestKafka.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver",
            "/usr/bin/chromedriver"));
    private static final Duration LIVE_UPDATE = Duration.ofSeconds(20);
    private static final Duration PAGE = Duration.ofSeconds(20);
    private static final Path OUT = Path.of("target");

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    private WebDriver driver;
    private Path profile;
    private String testName;

    @BeforeEach
    void startBrowser(TestInfo test) throws IOException {
        requireBrowser();
        testName = test.getTestMethod().orElseThrow().getName();
        profile = Files.createTempDirectory("tousei-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags that keep Chromium quiet on a machine without outside network (see the machine notes)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1600,1000", "--lang=ja",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aFailingEvidenceTurnsTheCellRedWithoutReloadAndTheDrillDownShowsWhy() throws Exception {
        assertThat(dashboard.toString()).isEqualTo("http://127.0.0.1:18083/dashboard/");
        String account = TestEvidence.newAccount();
        String trail = "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/org";
        Instant t0 = Instant.now().minusSeconds(120);
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.PASS, trail, t0, "StartLogging"));
        awaitApiStatus(account, "PASSED");

        step(() -> {
            long start = System.nanoTime();
            logIn("viewer");
            awaitCell(account, "PASSED", PAGE);
            await().atMost(PAGE).until(() -> "true".equals(byId("live").getAttribute("data-live")));
            long loggedIn = millisSince(start);
            assertThat(byId("title").getText()).isEqualTo("統制モニタリング");
            assertThat(byId("user").getText()).isEqualTo("viewer");
            assertThat(cell(account).getText()).isEqualTo("準拠");
            assertThat(fetch("/dashboard/", "content-security-policy")).startsWith("200 default-src 'self'");
            js("window.__sameDocument = 'yes';");

            EvidenceRecorded stop = TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail, t0.plusSeconds(60),
                    "StopLogging");
            long sent = System.nanoTime();
            TestEvidence.send(stop);
            awaitCell(account, "FAILED", LIVE_UPDATE);
            long turnedRed = millisSince(sent);
            assertThat(js("return window.__sameDocument;")).as("the page was not reloaded").isEqualTo("yes");
            await().atMost(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() -> // after the colour's transition
                    assertThat(rgb(cell(account).getCssValue("background-color"))).as("a FAILED cell is red")
                            .satisfies(rgb -> assertThat(rgb[0]).isGreaterThan(180),
                                    rgb -> assertThat(rgb[1]).isLessThan(100),
                                    rgb -> assertThat(rgb[2]).isLessThan(100)));
            assertThat(cell(account).getText()).isEqualTo("非準拠");
            assertThat(driver.findElements(By.cssSelector(
                    "#grid td[data-score-framework='wa'][data-account='" + account + "']")))
                    .as("the WA score of the account").singleElement()
                    .satisfies(score -> assertThat(score.getText()).endsWith("%"));

            cell(account).click();
            await().atMost(PAGE).ignoreExceptions().until(() -> byId("detail").isDisplayed()
                    && "FAILED".equals(byId("detail-status").getAttribute("data-status"))
                    && driver.findElements(By.cssSelector("#detail-history tbody tr.transition")).size() == 2);
            assertThat(byId("detail-account").getText()).isEqualTo(account);
            assertThat(byId("detail-reason").getText()).contains("org");
            assertThat(byId("detail-resources").getText()).contains(trail);
            assertThat(byId("detail-evidence").getText()).contains(stop.evidenceId().toString());
            assertThat(driver.findElements(By.cssSelector("#detail-history tbody tr.transition")))
                    .extracting(row -> row.getAttribute("data-to")).containsExactly("FAILED", "PASSED");
            assertThat(byId("detail-attestations").getText()).contains("なし");
            screenshot("dashboard-ja.png");

            byId("lang-en").click();
            await().atMost(PAGE).until(() -> "Control monitoring".equals(byId("title").getText()));
            assertThat(js("return document.documentElement.lang;")).isEqualTo("en");
            assertThat(cell(account).getText()).isEqualTo("Failed");
            assertThat(driver.findElement(By.cssSelector("#grid thead th[data-i18n='grid.control']")).getText())
                    .isEqualTo("Control");
            assertThat(byId("detail-attestations").getText()).contains("None");
            screenshot("dashboard-en.png");

            driver.get(dashboard.toString().replaceAll("/$", ""));
            await().atMost(PAGE).ignoreExceptions().until(() -> byId("app").isDisplayed()
                    && "FAILED".equals(cell(account).getAttribute("data-status")));
            assertThat(byId("title").getText()).as("the language is kept").isEqualTo("Control monitoring");
            assertNoConsoleErrors();

            byId("logout").click();
            await().atMost(PAGE).ignoreExceptions().until(() -> !driver.findElements(By.id("username")).isEmpty());
            assertThat(driver.getCurrentUrl()).startsWith("http://127.0.0.1:8180/realms/tousei/");
            System.out.printf("dashboard browser test: login to a live grid %d ms; FAIL evidence on Kafka to a red "
                    + "cell in the browser %d ms%n", loggedIn, turnedRed);
        });
    }

    @Test
    void aUserWithoutTheViewerRoleGetsNoData() throws Exception {
        step(() -> {
            logIn("norole");
            await().atMost(PAGE).ignoreExceptions().until(() -> byId("forbidden").isDisplayed());
            assertThat(byId("app").isDisplayed()).isFalse();
            assertThat(byId("user").getText()).isEqualTo("norole");
            assertThat(fetch("/dashboard/api/statuses", "content-type")).isEqualTo("403 application/problem+json");
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the SOC dashboard's browser test needs Debian's Chromium and ChromeDriver, missing: "
                + String.join(", ", missing) + ". Install them with: apt-get install -y chromium chromium-driver "
                + "(deploy/local/test does so).";
        if (Boolean.getBoolean("browser.required")) {
            fail(message + " -Dbrowser.required=true is set, so this fails instead of skipping.");
        }
        assumeTrue(false, message);
    }

    private void logIn(String user) {
        driver.get(dashboard.toString());
        await().atMost(PAGE).ignoreExceptions().until(() -> driver.findElement(By.id("username")).isDisplayed());
        assertThat(driver.getCurrentUrl()).startsWith("http://127.0.0.1:8180/realms/tousei/protocol/openid-connect/auth");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user + "-password");
        driver.findElement(By.id("kc-login")).click();
        await().atMost(PAGE).until(() -> driver.getCurrentUrl().startsWith(dashboard.toString()));
    }

    private static void awaitApiStatus(String account, String expected) {
        await().atMost(LIVE_UPDATE).pollInterval(Duration.ofMillis(200)).until(
                () -> given().auth().oauth2(AssessmentFlowTest.token("viewer")).queryParam("account", account)
                        .queryParam("control", AUTOMATED)
                        .when().get("/api/v1/statuses").then().statusCode(200).extract().jsonPath(),
                (JsonPath page) -> page.getList("$").size() == 1 && expected.equals(page.getString("[0].status")));
    }

    private void awaitCell(String account, String status, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> status.equals(cell(account).getAttribute("data-status")));
    }

    private WebElement cell(String account) {
        return driver.findElement(By.cssSelector(
                "#grid td.cell[data-control='" + AUTOMATED + "'][data-account='" + account + "']"));
    }

    private WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** "status header-value" of a same-origin request made by the page (with the page's session cookie). */
    private String fetch(String path, String header) {
        return String.valueOf(((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {headers: {'X-Requested-With': 'JavaScript'}})
                    .then(r => done(r.status + ' ' + r.headers.get(arguments[1])), e => done(String(e)));
                """, path, header));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** "rgb(217, 48, 37)" or "rgba(217, 48, 37, 1)" as {r, g, b}. */
    private static int[] rgb(String css) {
        String[] parts = css.replaceAll("[^0-9,.]", "").split(",");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    private void assertNoConsoleErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(OUT);
        Files.write(OUT.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** Runs the steps; on a failure keeps a screenshot and the page source in target/ for the CI log's reader. */
    private void step(Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Throwable failure) {
            try {
                screenshot("dashboard-failure-" + testName + ".png");
                Files.writeString(OUT.resolve("dashboard-failure-" + testName + ".html"), driver.getPageSource(),
                        StandardCharsets.UTF_8);
                System.out.println("dashboard browser test failed at " + driver.getCurrentUrl()
                        + "; screenshot and page in target/dashboard-failure-" + testName + ".*");
            } catch (RuntimeException | IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
    }

    @FunctionalInterface
    interface Steps {
        void run() throws Exception;
    }
}
