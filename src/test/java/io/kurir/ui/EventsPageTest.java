package io.kurir.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Downstream.Answer;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page at /ui in a real headless browser (Debian's chromium through its chromedriver, never
 * a downloaded one), against the whole gateway on the embedded store: an operator signs in, watches
 * an event arrive, opens it, resends it, sends a test event, tries a payload, and a hostile payload stays text.
 * The steps run in order on one browser; each is one behaviour.
 *
 * <p>Screenshots (desktop 1280×900, phone 375 px) go to target/screenshots; to refresh the ones in the
 * docs, run {@code mvn test -Dtest=EventsPageTest -Dkurir.ui.screenshots=docs/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsPageTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("kurir.ui.screenshots", "target/screenshots"));

    private final TestStore store = TestStore.EMBEDDED;
    private Gateway gateway;
    private Downstream shop;
    private Downstream failing;
    private Path profile;
    private ChromeDriver driver;

    /** The event posted while the list was open; the next steps open and resend it. */
    private String liveEventId;

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver == null) {
                return;
            }
            try {
                Path dir = Files.createDirectories(Path.of("target", "ui-failures"));
                String name = context.getRequiredTestMethod().getName();
                Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
                Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
                StringBuilder console = new StringBuilder();
                driver.manage().logs().get(LogType.BROWSER).forEach(e -> console.append(e).append('\n'));
                Files.writeString(dir.resolve(name + ".console.txt"), console);
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    };

    @BeforeAll
    void start() throws Exception {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            // a fresh machine of this kind has neither: install Debian's, as .ci/run does
            new ProcessBuilder("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver")
                    .inheritIO().start().waitFor();
        }
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "the browser test needs Debian's chromium and chromedriver: apt-get install chromium chromium-driver");
        shop = new Downstream();
        failing = new Downstream().otherwise(Answer.status(500, "{\"error\":\"crm is down\"}"));
        gateway = Gateway.onFreshStore(store, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.destination.crm.url", failing.url("/crm/leads"),
                "kurir.destination.crm.retry.max-attempts", "1",
                "kurir.telegram.base-uri", failing.url("/telegram"),
                "kurir.whatsapp.base-uri", failing.url("/whatsapp"),
                // nothing is retried by itself during the test: every new attempt is one the page asked for
                "kurir.retry.initial-delay", "600000",
                "kurir.deliver.poll-interval", "200"));
        seed();
        driver = browser();
    }

    @AfterAll
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (shop != null) {
            shop.close();
        }
        if (failing != null) {
            failing.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------ the steps

    @Test
    @Order(1)
    @DisplayName("asks for the admin token once, refusing a wrong one")
    void signsInWithTheToken() {
        driver.get(gateway.url("/ui"));
        WebElement token = visible(By.id("token"));

        token.sendKeys("not-the-token");
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not accepted"));

        token.clear();
        token.sendKeys(Gateway.ADMIN_TOKEN);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();

        visible(By.cssSelector(".events-table tr.event-row"));
        assertEquals("Events", driver.findElement(By.cssSelector(".page-head h1")).getText());
        assertEquals(Gateway.ADMIN_TOKEN, js("return sessionStorage.getItem('kurir.admin.token')"));
        assertFalse(driver.findElement(By.id("login")).isDisplayed());
    }

    @Test
    @Order(2)
    @DisplayName("a webhook posted while the list is open appears on top without a reload")
    void newEventAppearsWithoutReload() {
        driver.get(gateway.url("/ui#/events"));
        visible(By.cssSelector(".events-table tr.event-row"));
        js("window.kurirSamePage = 'yes'");

        // the shop's back end fails the first attempt: the event page will show it, and the resend after it
        shop.answer(Answer.status(503, "{\"error\":\"maintenance\",\"retry\":\"later\"}"));
        liveEventId = postSendcloud("""
                {"action":"parcel_status_changed","timestamp":1700000100000,"parcel":{"id":4242,"tracking_number":"JNE-LIVE-4242",\
                "order_number":"ORDER-77","status":{"id":11,"message":"Delivered"}}}""");

        WebElement row = visible(row(liveEventId));
        assertEquals("yes", js("return window.kurirSamePage"), "the list must update in place, not reload");
        assertEquals(liveEventId, driver.findElement(By.cssSelector(".events-table tbody tr")).getAttribute("data-id"), "newest first");
        assertTrue(row.getText().contains("sendcloud"), row.getText());
        assertTrue(row.getText().contains("parcel_status_changed"), row.getText());
    }

    @Test
    @Order(3)
    @DisplayName("the event page shows payload, labels, headers and the failed first attempt")
    void eventPageShowsPayloadAndTimeline() {
        driver.get(gateway.url("/ui#/events"));
        visible(row(liveEventId)).findElement(By.cssSelector("a.event-link")).click();

        wait.until(ExpectedConditions.urlContains("#/events/" + liveEventId));
        WebElement payload = visible(By.cssSelector("pre.payload"));
        assertTrue(payload.getText().contains("\"tracking_number\": \"JNE-LIVE-4242\""), "pretty-printed JSON: " + payload.getText());
        assertTrue(bodyText().contains(liveEventId));
        WebElement labels = driver.findElement(By.cssSelector("ul.labels"));
        assertTrue(labels.getText().contains("shop") && labels.getText().contains("toko-budi"), labels.getText());
        assertTrue(driver.findElement(By.cssSelector("dl.kv")).getText().toLowerCase(java.util.Locale.ROOT).contains("content-type"));

        WebElement delivery = wait.until(d -> {
            WebElement e = delivery("shop-backend");
            return e != null && e.findElements(By.cssSelector("li.attempt")).size() == 1 ? e : null;
        });
        String timeline = delivery.getText();
        assertTrue(timeline.contains("retrying"), timeline);
        assertTrue(timeline.contains("#1") && timeline.contains("HTTP 503") && timeline.contains("failed"), timeline);
        assertTrue(timeline.contains("maintenance"), "the response excerpt: " + timeline);
        assertTrue(timeline.matches("(?s).*\\d+ ms.*"), "the attempt's duration: " + timeline);
    }

    @Test
    @Order(4)
    @DisplayName("Resend makes a new attempt, which the timeline shows without a reload")
    void resendShowsTheNewAttempt() throws IOException {
        driver.get(gateway.url("/ui#/events/" + liveEventId));
        visible(By.cssSelector("article.delivery li.attempt"));
        js("window.kurirSamePage = 'yes'");

        button("Resend").click();

        WebElement delivery = wait.until(d -> {
            WebElement e = delivery("shop-backend");
            return e != null && e.findElements(By.cssSelector("li.attempt")).size() == 2 && e.getText().contains("delivered") ? e : null;
        });
        List<WebElement> attempts = delivery.findElements(By.cssSelector("li.attempt"));
        assertTrue(attempts.get(0).getText().contains("#2") && attempts.get(0).getText().contains("HTTP 200"), "newest first: " + attempts.get(0).getText());
        assertTrue(attempts.get(1).getText().contains("#1") && attempts.get(1).getText().contains("HTTP 503"), attempts.get(1).getText());
        assertEquals("yes", js("return window.kurirSamePage"));
        assertEquals(2, shop.all(r -> r.text().contains("JNE-LIVE-4242")).size(), "the shop's back end got the event twice");

        desktop();
        screenshot("event.png");
    }

    @Test
    @Order(5)
    @DisplayName("Send test event on the overview puts a test event in the list")
    void testEventFromTheOverview() throws IOException {
        driver.get(gateway.url("/ui#/health"));
        WebElement sendcloud = visible(By.cssSelector("tr[data-source='sendcloud']"));
        assertTrue(visible(By.cssSelector("tr[data-destination='crm']")).getText().contains("failing"), "a destination with dead deliveries is marked");
        desktop();
        screenshot("health.png");

        sendcloud.findElement(By.xpath(".//button[normalize-space()='Send test event']")).click();
        WebElement link = visible(By.cssSelector(".toast a[href^='#/events/evt_']"));
        String id = link.getText();

        driver.findElement(By.cssSelector("nav a[data-nav='events']")).click();
        WebElement row = visible(row(id));
        assertEquals("TEST", row.findElement(By.cssSelector(".tag-test")).getText());
        assertTrue(row.getText().contains("sendcloud"), row.getText());
        assertTrue(gateway.api("/api/events/" + id).get("test").asBoolean());

        wait.until(d -> visible(row(id)).getText().contains("delivered"));
        desktop();
        screenshot("events.png");
    }

    @Test
    @Order(6)
    @DisplayName("a payload with <script> shows as text and runs nothing")
    void hostilePayloadIsText() {
        driver.get(gateway.url("/ui#/events"));
        visible(By.cssSelector(".events-table tr.event-row"));
        String id = postSendcloud("""
                {"action":"<script>alert(1)</script>","parcel":{"id":666,"tracking_number":"<img src=x onerror=\\"window.kurirXss=1\\">",\
                "status":{"id":3,"message":"<b>bold</b>"}}}""");

        WebElement link = visible(row(id)).findElement(By.cssSelector("a.event-link"));
        assertEquals("<script>alert(1)</script>", link.getText());
        link.click();

        WebElement payload = visible(By.cssSelector("pre.payload"));
        assertTrue(payload.getText().contains("\"action\": \"<script>alert(1)</script>\""), payload.getText());
        assertTrue(payload.getText().contains("<img src=x onerror="), payload.getText());
        assertEquals("<script>alert(1)</script>", driver.findElement(By.cssSelector(".event-title h1")).getText());
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        assertEquals(0, driver.findElements(By.cssSelector("#view script, #view img, #view b")).size(), "no markup from the payload");
        assertEquals(null, js("return window.kurirXss === undefined ? null : window.kurirXss"));
    }

    @Test
    @Order(7)
    @DisplayName("Try a payload on a source shows the route's destinations and the labels, and stores nothing")
    void tryAPayloadFromTheOverview() throws IOException {
        driver.get(gateway.url("/ui#/health"));
        visible(By.cssSelector("tr[data-source='biteship']")).findElement(By.xpath(".//a[normalize-space()='Try a payload']")).click();
        WebElement body = visible(By.cssSelector("#try-form textarea[name=body]"));
        body.sendKeys("{\"event\":\"order.status\",\"order_id\":\"ORD-UI-TRY\",\"status\":\"delivered\"}");
        driver.findElement(By.cssSelector("#try-form input[name=query]")).sendKeys("campaign=flash");
        driver.findElement(By.cssSelector("#try-form button[type=submit]")).click();

        visible(By.cssSelector("#try-result .try-destinations"));
        List<String> destinations = driver.findElements(By.cssSelector("#try-result .try-destinations a.tag")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("shipment-db", "ops-telegram", "customer-mail"), destinations);
        String result = visible(By.id("try-result")).getText();
        assertTrue(result.contains("order.status") && result.contains("campaign=flash"), result);
        desktop();
        screenshot("try.png");
        assertEquals(0, gateway.api("/api/events?q=ORD-UI-TRY").get("events").size(), "a dry run stores nothing");

        body.clear();
        body.sendKeys("{\"event\": ");
        driver.findElement(By.cssSelector("#try-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#try-result .alert-bad"), "malformed_body"));
    }

    @Test
    @Order(8)
    @DisplayName("at phone width (375 px) nothing scrolls sideways")
    void phoneLayout() throws IOException {
        phone();
        try {
            driver.get(gateway.url("/ui#/events"));
            visible(row(liveEventId));
            assertNoSidewaysScroll();
            screenshot("events-phone.png");

            driver.get(gateway.url("/ui#/events/" + liveEventId));
            visible(By.cssSelector("article.delivery li.attempt"));
            assertNoSidewaysScroll();
            screenshot("event-phone.png");

            driver.get(gateway.url("/ui#/health"));
            visible(By.cssSelector("tr[data-destination='crm']"));
            assertNoSidewaysScroll();

            driver.get(gateway.url("/ui#/sources/leads/try"));
            visible(By.id("try-form"));
            assertNoSidewaysScroll();
        } finally {
            desktop();
        }
    }

    @Test
    @Order(9)
    @DisplayName("a token that stops working asks for it again")
    void askAgainOn401() {
        driver.get(gateway.url("/ui#/events"));
        visible(By.cssSelector(".events-table tr.event-row"));
        js("sessionStorage.setItem('kurir.admin.token', 'an-old-token')");

        driver.findElement(By.cssSelector("nav a[data-nav='health']")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not accepted"));
        assertEquals(null, js("return sessionStorage.getItem('kurir.admin.token')"));
        visible(By.id("token")).sendKeys(Gateway.ADMIN_TOKEN);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        visible(By.cssSelector("tr[data-source='sendcloud']"));
    }

    @Test
    @Order(10)
    @DisplayName("the page ran without script errors")
    void noScriptErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // the wrong tokens of the sign-in steps are answered 401 on purpose
                .filter(m -> !m.contains("status of 401"))
                // and the broken payload of the dry-run step 400
                .filter(m -> !(m.contains("/try ") && m.contains("status of 400")))
                .toList();
        assertEquals(List.of(), errors);
    }

    // ------------------------------------------------------------------ set-up

    /** A list worth looking at: delivered parcels, a lead whose CRM is down, a Biteship status. */
    private void seed() {
        for (int i = 1; i <= 3; i++) {
            String id = postSendcloud(("{\"action\":\"parcel_status_changed\",\"timestamp\":170000000000%d,\"parcel\":{\"id\":10%d,"
                    + "\"tracking_number\":\"JNE00%d\",\"status\":{\"id\":11,\"message\":\"Delivered\"}}}").formatted(i, i, i));
            gateway.awaitEvent(id, e -> deliveries(e, "delivered") == 1, WAIT);
        }
        String inTransit = postSendcloud("{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":55,\"tracking_number\":\"JNE055\","
                + "\"status\":{\"id\":3,\"message\":\"En route to sorting center\"}}}");
        gateway.awaitEvent(inTransit, e -> "routed".equals(e.get("status").asText()), WAIT);

        byte[] lead = "name=Sari+Dewi&phone=081234567890&email=sari%40example.com&message=Butuh+penawaran".getBytes(StandardCharsets.UTF_8);
        String leadId = id(gateway.post("/hooks/leads?campaign_name=Expo&campaign_type=event&token=dev-leads-token",
                "application/x-www-form-urlencoded", lead).body());
        gateway.awaitEvent(leadId, e -> deliveries(e, "dead") == 1 && deliveries(e, "retrying") >= 1, WAIT);

        byte[] biteship = "{\"event\":\"order.status\",\"order_id\":\"5dd5a1\",\"status\":\"picked\",\"courier_company\":\"jne\"}"
                .getBytes(StandardCharsets.UTF_8);
        String biteshipId = id(gateway.post("/hooks/biteship", "application/json", biteship,
                "X-Biteship-Signature", Signing.BITESHIP_SECRET).body());
        gateway.awaitEvent(biteshipId, e -> deliveries(e, "delivered") == 1, WAIT);
    }

    private ChromeDriver browser() throws IOException {
        profile = Files.createTempDirectory("kurir-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver is named, so Selenium Manager never looks for (or downloads) one
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        // the page redraws a section when its data changes: an element found a moment ago may be gone
        wait = new WebDriverWait(chrome, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        this.driver = chrome;
        desktop();
        return chrome;
    }

    private WebDriverWait wait;

    // ------------------------------------------------------------------ helpers

    private String postSendcloud(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return id(gateway.post("/hooks/sendcloud?shop=toko-budi", "application/json", body, "Sendcloud-Signature", Signing.sendcloud(body)).body());
    }

    private static String id(String answer) {
        JsonNode json = Gateway.json(answer);
        assertNotNull(json.get("id"), answer);
        return json.get("id").asText();
    }

    private static long deliveries(JsonNode event, String status) {
        long n = 0;
        for (JsonNode d : event.get("deliveries")) {
            if (status.equals(d.get("status").asText())) {
                n++;
            }
        }
        return n;
    }

    private static By row(String eventId) {
        return By.cssSelector(".events-table tr[data-id='" + eventId + "']");
    }

    private WebElement delivery(String destination) {
        for (WebElement e : driver.findElements(By.cssSelector("article.delivery"))) {
            if (e.findElement(By.cssSelector(".delivery-name")).getText().equals(destination)) {
                return e;
            }
        }
        return null;
    }

    private WebElement button(String text) {
        return visible(By.xpath("//button[normalize-space()='" + text + "']"));
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void desktop() {
        viewport(1280, 900, false);
    }

    private void phone() {
        viewport(375, 812, true);
    }

    /** The page's own viewport, exactly, whatever the headless window's frame. */
    private void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private void assertNoSidewaysScroll() {
        Object widths = js("return [document.documentElement.scrollWidth, window.innerWidth]");
        List<?> w = (List<?>) widths;
        assertTrue(((Number) w.get(0)).longValue() <= ((Number) w.get(1)).longValue(),
                "the page scrolls sideways at " + w.get(1) + " px: " + w.get(0) + " px wide (" + driver.getCurrentUrl() + ")");
    }

    /** Into docs/screenshots/, with the arrival highlight finished and the page at its top. */
    private void screenshot(String name) throws IOException {
        js("window.scrollTo(0, 0); document.querySelectorAll('.toast').forEach(t => t.remove()); document.getAnimations().forEach(a => { try { a.finish(); } catch (e) { a.cancel(); } });");
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
