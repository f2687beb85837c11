package io.streamrec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.kafka.Topics;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live page as a person uses it, in Debian's headless Chromium driven through its chromedriver: a real broker
 * and the packaged app behind a token (the browser sends it as a proxy would), the user picked from the recently
 * active ones; an event produced for them shows in their event stream and their list changes within 2 s, with the
 * model, the variant and each item's reason where the list has one. Writes {@code target/live-page.png}.
 */
class LivePageIT {
    private static final String TOKEN = "page-token";
    private static final String USER = "page-user-1";
    private static final Path SCREENSHOT = Path.of("target", "live-page.png");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldShowAProducedEventAndTheUsersNewListWithinTwoSeconds(@TempDir Path tmp) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "Debian's chromium and chromium-driver are not installed (src/test/setup.sh installs them as root)");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            try (AppProcess app = AppProcess.start(bootstrap, "live-page-it-" + UUID.randomUUID(),
                    tmp.resolve("state"), tmp.resolve("app.log"), "http.auth.token=" + TOKEN, "stream.threads=1");
                 KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                app.awaitReady(Duration.ofSeconds(120));
                send(producer, "page-user-2", EventType.CLICK, "sku-279");
                send(producer, "page-user-3", EventType.CLICK, "sku-358");
                send(producer, USER, EventType.CLICK, "sku-719");
                await(Duration.ofSeconds(30), () -> status(app, "/recommendations/" + USER) == 200,
                        "the first event's list");

                ChromeDriver browser = browser(chromium, chromedriver);
                try {
                    browser.get("http://127.0.0.1:" + app.httpPort() + "/");
                    By pick = By.xpath("//button[@class='recent-user' and text()='" + USER + "']");
                    await(Duration.ofSeconds(15), () -> !browser.findElements(pick).isEmpty(),
                            "the user among the recently active");
                    browser.findElement(pick).click();
                    By eventRows = By.cssSelector("#events tbody tr");
                    By listRows = By.cssSelector("#list tbody tr");
                    await(Duration.ofSeconds(10), () -> browser.findElements(eventRows).size() == 1
                            && !browser.findElements(listRows).isEmpty(), "the user's event and list on the page");
                    String seqBefore = browser.findElement(By.id("list")).getDomAttribute("data-seq");

                    send(producer, USER, EventType.CART, "sku-188");
                    long sent = System.nanoTime();
                    By newEvent = By.cssSelector("#events tbody tr[data-item='sku-188'][data-type='cart']");
                    await(Duration.ofSeconds(5), () -> !browser.findElements(newEvent).isEmpty()
                            && !seqBefore.equals(browser.findElement(By.id("list")).getDomAttribute("data-seq")),
                            "the new event and a new list");
                    long millis = (System.nanoTime() - sent) / 1_000_000;
                    assertTrue(millis <= 2_000, "event and new list on the page " + millis + " ms after the ack");
                    assertEquals(2, browser.findElements(eventRows).size());

                    assertMatchesTheServedList(browser, app);
                    await(Duration.ofSeconds(10), () -> Integer.parseInt(Objects.requireNonNullElse(
                            browser.findElement(By.id("rates")).getDomAttribute("data-points"), "0")) >= 4, "four metrics points charted");
                    assertFalse(browser.findElement(By.id("lag")).getText().equals("-"),
                            () -> "the stream threads' lag shown; the app's lag meters: " + lagMeters(app));
                    Files.createDirectories(SCREENSHOT.getParent());
                    Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
                } finally {
                    browser.quit();
                }
            }
        }
    }

    /** Rows, model, variant and reasons as in {@code /recommendations/{user}}. */
    private static void assertMatchesTheServedList(ChromeDriver browser, AppProcess app) throws Exception {
        JsonNode list = JSON.readTree(app.get("/recommendations/" + USER, TOKEN).body());
        assertEquals(list.get("seq").asText(), browser.findElement(By.id("list")).getDomAttribute("data-seq"));
        String meta = browser.findElement(By.id("list-meta")).getText();
        assertTrue(meta.contains(list.get("model").asText()) && meta.contains(list.get("variant").asText()), meta);
        List<WebElement> rows = browser.findElements(By.cssSelector("#list tbody tr"));
        assertEquals(list.get("items").size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode item = list.get("items").get(i);
            List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
            assertEquals(item.get("item").asText(), cells.get(1).getText());
            assertEquals(item.get("source").asText(), cells.get(2).getText());
            assertTrue(item.hasNonNull("reason"), "every listed item has a reason: " + item);
            assertFalse(cells.get(3).getText().isBlank(), "the reason of " + item);
        }
    }

    private static ChromeDriver browser(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.toString())).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", "Bearer " + TOKEN)));
        return browser;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String user, EventType type, String item)
            throws Exception {
        Event event = Event.of(user, item, type, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(Topics.eventTopic(type), user, new EventCodec().write(event))).get();
    }

    private static List<String> lagMeters(AppProcess app) {
        try {
            return new String(app.get("/metrics", TOKEN).body(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("records_lag")).toList();
        } catch (Exception e) {
            return List.of(e.toString());
        }
    }

    private static int status(AppProcess app, String path) {
        try {
            return app.get(path, TOKEN).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static void await(Duration timeout, BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
