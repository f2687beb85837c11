package io.streamrec.tools.demo;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import io.streamrec.app.StreamrecApp;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.ranking.Recommendation;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.tools.sim.CatalogPublisher;
import io.streamrec.tools.sim.EventProducer;
import io.streamrec.tools.sim.ProducePlan;
import io.streamrec.tools.sim.ProduceStats;
import io.streamrec.tools.sim.ShopperSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's moving parts around a running app: the shop's catalog published to {@code items} (every item at the
 * start, then sell-outs, restocks and launches as the simulator schedules them), simulated shoppers produced at a
 * steady rate (plus an occasional malformed record), a watcher reading the output like the web tier, and a console
 * view each second showing the catalog changes and the shoppers active right now with their latest events and
 * current top 5.
 */
public final class DemoRun {
    private static final int SHOWN_USERS = 3;
    private static final int RECENT_EVENTS = 4;
    private static final int RECENT_USERS_KEPT = 2_000;
    /**
     * JIT compilation and first transactions make the first seconds slower; the summary also reports after, and the
     * catalog changes start then.
     */
    public static final int STEADY_AFTER_SECONDS = 10;

    private final KafkaClients clients;
    private final StreamrecApp app;
    private final RecommendationWatcher watcher;
    private final ShopperSimulator simulator;
    private final double rate;
    private final int badEverySeconds;
    private final PrintStream out;
    private final String catalogTopic;
    private final Deque<String> catalogNotes = new ArrayDeque<>();
    private final CatalogWatch catalogWatch = new CatalogWatch();
    /** Access-ordered: iteration ends with the most recently active shoppers. */
    private final LinkedHashMap<String, Deque<Event>> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Event>> eldest) {
            return size() > RECENT_USERS_KEPT;
        }
    };

    public DemoRun(StreamrecConfig config, StreamrecApp app, ShopperSimulator simulator,
                   double rate, int badEverySeconds, PrintStream out) {
        this.clients = KafkaClients.of(config);
        this.app = app;
        Topics topics = Topics.of(config);
        this.watcher = new RecommendationWatcher(clients, topics.recommendations().name(), topics.dlq().name(),
                catalogWatch::onList);
        this.catalogTopic = topics.catalog().name();
        this.simulator = simulator;
        this.rate = rate;
        this.badEverySeconds = badEverySeconds;
        this.out = out;
    }

    /** Runs until {@code duration} passes (null: until {@code stop} is signalled); returns the summary line. */
    public String run(Duration duration, CountDownLatch stop) throws Exception {
        watcher.awaitAssignment(Duration.ofSeconds(30));
        Thread watcherThread = new Thread(watcher, "demo-watcher");
        watcherThread.start();
        ProduceStats[] stats = new ProduceStats[1];
        int badSent = 0;
        long started;
        int firstSample;
        int steadySample = Integer.MAX_VALUE;
        try (KafkaProducer<String, byte[]> raw = rawProducer();
             CatalogPublisher catalog = new CatalogPublisher(clients, catalogTopic);
             EventProducer producer = new EventProducer(clients, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            out.printf("catalog: %d items published to %s%n", catalog.publishAll(simulator.initialCatalog()),
                    catalogTopic);
            firstSample = warmUp(raw);
            Thread producerThread = new Thread(() -> stats[0] = producer.produce(tracked(catalog),
                    duration == null ? ProducePlan.unlimited(rate) : ProducePlan.duration(rate, duration)),
                    "demo-producer");
            started = System.nanoTime();
            long eventsAtStart = app.metrics().events();
            producerThread.start();
            long lastEvents = eventsAtStart;
            long lastRecs = watcher.recommendations();
            int lastSample = firstSample;
            for (int second = 1; producerThread.isAlive() && !app.failed(); second++) {
                if (second == STEADY_AFTER_SECONDS + 1) {
                    steadySample = watcher.latency().count();
                }
                if (stop.await(1, TimeUnit.SECONDS)) {
                    producer.requestStop();
                    break;
                }
                if (badEverySeconds > 0 && second % badEverySeconds == 0) {
                    raw.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), "u-bad",
                            BadRecords.sample(badSent++, System.currentTimeMillis())));
                }
                long events = app.metrics().events();
                long recs = watcher.recommendations();
                int sample = watcher.latency().count();
                out.print(frame(second, events - lastEvents, recs - lastRecs,
                        watcher.latency().percentileSince(lastSample, 0.5),
                        watcher.latency().percentileSince(lastSample, 0.99), app.metrics().input().rejectedTotal()));
                out.flush();
                lastEvents = events;
                lastRecs = recs;
                lastSample = sample;
            }
            producerThread.join();
        }
        Thread.sleep(1500); // let the last batch flush and commit before reading the final figures
        watcher.close();
        watcherThread.join(5000);
        double seconds = (System.nanoTime() - started) / 1e9;
        PipelineMetrics m = app.metrics();
        long events = stats[0] == null ? 0 : stats[0].sent();
        return String.format("summary: events=%d recommendations=%d dlq=%d p50_ms=%.0f p99_ms=%.0f"
                        + " events_per_s=%.1f steady_p50_ms=%.0f steady_p99_ms=%.0f produce_failed=%d"
                        + " sold_out=%d unavailable_recommended=%d launched=%d launched_via_trending=%d",
                events, watcher.recommendations(), m.input().rejectedTotal(),
                watcher.latency().percentileSince(firstSample, 0.5),
                watcher.latency().percentileSince(firstSample, 0.99), events / seconds,
                watcher.latency().percentileSince(steadySample, 0.5),
                watcher.latency().percentileSince(steadySample, 0.99),
                stats[0] == null ? 0 : stats[0].failed(), catalogWatch.soldOut(),
                catalogWatch.unavailableRecommended(), catalogWatch.launched(), catalogWatch.launchedViaTrending())
                + VariantFigures.of(app.feedback().snapshot(), app.config().topK());
    }

    /**
     * Sends one event and waits for its recommendation, so start-up (group join, internal topic creation, the
     * first transaction) is not counted as latency. Returns the latency sample index to measure from.
     */
    private int warmUp(KafkaProducer<String, byte[]> raw) throws Exception {
        long start = System.nanoTime();
        Event event = Event.of("demo-warm-up", "sku-0", EventType.CLICK, System.currentTimeMillis());
        raw.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), event.user(), new EventCodec().write(event))).get();
        while (watcher.latest(event.user()) == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(20);
        }
        out.printf("warm-up: first recommendation after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        return watcher.latency().count();
    }

    /** Simulated events, remembering each shopper's last few; the catalog changes due are published first. */
    private Iterator<Event> tracked(CatalogPublisher catalog) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Event next() {
                Event event = simulator.next();
                for (CatalogItem change : simulator.catalogUpdates()) {
                    catalog.publish(change, catalogWatch.sent(change, System.currentTimeMillis())::at);
                    synchronized (catalogNotes) {
                        catalogNotes.add(describe(change));
                    }
                }
                synchronized (recent) {
                    Deque<Event> events = recent.computeIfAbsent(event.user(), u -> new ArrayDeque<>());
                    events.addLast(event);
                    if (events.size() > RECENT_EVENTS) events.removeFirst();
                }
                return event;
            }
        };
    }

    private String frame(int second, long eventsIn, long recsOut, double p50, double p99, long dlq) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("[%4ds] events/s in %5d | recs/s out %5d | latency p50 %4.0f ms p99 %4.0f ms | dlq %d%n",
                second, eventsIn, recsOut, p50, p99, dlq));
        synchronized (catalogNotes) {
            catalogNotes.addAll(catalogWatch.news(System.currentTimeMillis()));
            catalogNotes.forEach(note -> text.append("    catalog: ").append(note).append(System.lineSeparator()));
            catalogNotes.clear();
        }
        for (Map.Entry<String, List<Event>> shopper : activeShoppers()) {
            Recommendation rec = watcher.latest(shopper.getKey());
            String events = shopper.getValue().stream().map(e -> e.type().wireName() + " " + e.item())
                    .collect(Collectors.joining(", "));
            String top = rec.items().stream().limit(5).map(DemoRun::shown).collect(Collectors.joining(", "))
                    + (rec.coldStart() ? " (popular)" : "");
            text.append(String.format("    %-7s %-58s -> top5: %s%n", shopper.getKey(), events, top));
        }
        return text.toString();
    }

    /** An item of a list, with its source unless the model proposed it. */
    private static String shown(ScoredItem item) {
        return item.source() == ScoredItem.Source.MODEL ? item.item()
                : item.item() + " (" + item.source().wireName() + ")";
    }

    private static String describe(CatalogItem change) {
        if (change.launchedAt() != null) return change.item() + " launched (" + change.category() + ")";
        return change.item() + (change.available() ? " back in stock" : " sold out");
    }

    /** The most recently active shoppers with a few events and a list that reflects their newest one. */
    private List<Map.Entry<String, List<Event>>> activeShoppers() {
        List<Map.Entry<String, List<Event>>> snapshot = new ArrayList<>();
        synchronized (recent) {
            recent.forEach((user, events) -> snapshot.add(Map.entry(user, List.copyOf(events))));
        }
        List<Map.Entry<String, List<Event>>> shown = new ArrayList<>();
        for (int i = snapshot.size() - 1; i >= 0 && shown.size() < SHOWN_USERS; i--) {
            List<Event> events = snapshot.get(i).getValue();
            Recommendation rec = watcher.latest(snapshot.get(i).getKey());
            if (events.size() >= 3 && rec != null && rec.eventTs() == events.get(events.size() - 1).ts()) {
                shown.add(snapshot.get(i));
            }
        }
        return shown;
    }

    /** For the warm-up event and the malformed records, which the event producer would not send. */
    private KafkaProducer<String, byte[]> rawProducer() {
        return clients.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }
}
