package io.streamrec.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamrec.TestModels;
import io.streamrec.events.EventType;
import io.streamrec.session.Interaction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Swapping the real bundled model under a running batch. */
class ModelHolderTest {
    @Test
    void shouldFinishABatchOnTheOldModelAndCloseItsSessionAfterwards() {
        SessionModel old = TestModels.demoModel();
        SessionModel next = TestModels.demoModel();
        ModelHolder holder = new ModelHolder(old);
        ModelInput input = oneRow(old);

        try (Swappable.Lease<SessionModel> batch = holder.lease()) {
            assertSame(old, batch.value());
            assertSame(old, holder.swap(next));
            assertSame(next, holder.current());
            assertEquals(1, batch.value().score(input).rows(), "the old model still scores for its batch");
        }
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> old.score(input));
        assertEquals(1, next.score(input).rows());

        holder.close();
        assertThrows(IllegalStateException.class, () -> next.score(input));
        assertThrows(IllegalStateException.class, holder::lease);
        assertEquals(next.version(), holder.current().version(), "metadata stays readable: " + closed.getMessage());
    }

    @Test
    void shouldKeepTheSingleModelApiWorking() {
        SessionModel model = TestModels.demoModel();
        ModelInput input = oneRow(model);
        try (ModelHolder holder = new ModelHolder(model)) {
            assertSame(model, holder.current());
            assertEquals(0, holder.leases());
            assertEquals(1, holder.current().score(input).rows());
        }
        assertThrows(IllegalStateException.class, () -> model.score(input), "close() closes the model");
    }

    private static ModelInput oneRow(SessionModel model) {
        ModelInput input = new ModelInput(1, model.maxLen());
        input.add(List.of(new Interaction(model.vocabulary().item(1), EventType.CLICK, 1)), model.vocabulary());
        return input;
    }
}
