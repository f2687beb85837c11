package io.streamrec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of a static member (group.instance.id) within the session timeout: SIGTERM does not leave the
 * group, so the other instance keeps its tasks and never rebalances.
 */
class StaticMembershipIT {

    @Test
    void shouldRestartAStaticMemberWithoutRebalancingTheOther(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            String appId = "static-it-" + UUID.randomUUID();
            int portA = AppProcess.freePort();
            String[] settingsA = {"group.instance.id=static-a", "http.auth.token=t"};
            try (AppProcess b = AppProcess.start(bootstrap, appId, tmp.resolve("state-b"), tmp.resolve("b.log"),
                    "group.instance.id=static-b", "http.auth.token=t")) {
                AppProcess a = AppProcess.startOnPort(AppProcess.JAR, portA, bootstrap, appId, tmp.resolve("state-a"),
                        tmp.resolve("a.log"), settingsA);
                a.awaitReady(Duration.ofSeconds(120));
                b.awaitReady(Duration.ofSeconds(120));
                awaitSettled(b);
                int transitionsBefore = rebalances(b);

                assertEquals(143, a.stop(Duration.ofSeconds(40)), "SIGTERM ends it gracefully");
                try (AppProcess restarted = AppProcess.startOnPort(AppProcess.JAR, portA, bootstrap, appId,
                        tmp.resolve("state-a"), tmp.resolve("a.log"), settingsA)) {
                    restarted.awaitReady(Duration.ofSeconds(60));
                    Thread.sleep(5_000);
                    assertEquals(transitionsBefore, rebalances(b),
                            "the other instance rebalanced during the restart:\n" + b.log());
                    assertTrue(b.isAlive());
                }
            }
        }
    }

    /** Waits until the instance has stayed RUNNING for a few seconds (the group formed). */
    private static void awaitSettled(AppProcess app) throws Exception {
        int seen = -1;
        for (int i = 0; i < 30; i++) {
            int now = rebalances(app);
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(3_000);
        }
    }

    private static int rebalances(AppProcess app) throws Exception {
        return (int) app.log().lines().filter(l -> l.contains("streams state RUNNING -> REBALANCING")).count();
    }
}
