package io.streamrec.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamrec.TestModels;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * device=cuda / auto on a machine where CUDA cannot be used. Runs with the CPU build of ONNX Runtime (the normal
 * build); skipped under {@code -Pgpu}, where CUDA may really be there.
 */
class DeviceFallbackTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(ModelLoader.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "ONNX Runtime build with CUDA: fallback not testable without knowing whether a GPU is there");
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(appender);
    }

    @Test
    void explicitCudaFailsClearlyWhenCudaIsUnavailable() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> SessionModel.load(TestModels.DEMO_MODEL, new InferenceOptions(Device.CUDA, 1)).close());
        assertTrue(e.getMessage().startsWith("device=cuda but the CUDA execution provider is unavailable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("device=auto"), "says how to fall back: " + e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    }

    @Test
    void autoFallsBackToTheCpuWithOneWarning() {
        try (SessionModel model = SessionModel.load(TestModels.DEMO_MODEL, new InferenceOptions(Device.AUTO, 1))) {
            assertEquals(SessionModel.CPU_PROVIDER, model.provider());
            ModelInput input = new ModelInput(1, model.maxLen());
            input.add(List.of(new io.streamrec.session.Interaction(model.vocabulary().item(1),
                    io.streamrec.events.EventType.CLICK, 1)), model.vocabulary());
            assertEquals(1, model.score(input).rows(), "scores on the CPU");
        }
        List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, warnings.size(), appender.list.toString());
        String line = warnings.get(0).getFormattedMessage();
        assertTrue(line.startsWith("device=auto: the CUDA execution provider is unavailable"), line);
        assertTrue(line.endsWith("scoring on the CPU"), line);
        assertEquals(-1, line.indexOf('\n'), "one line: " + line);
    }

    @Test
    void cpuNeverTriesCuda() {
        try (SessionModel model = SessionModel.load(TestModels.DEMO_MODEL, new InferenceOptions(Device.CPU, 1))) {
            assertEquals(SessionModel.CPU_PROVIDER, model.provider());
        }
        assertTrue(appender.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                appender.list.toString());
    }
}
