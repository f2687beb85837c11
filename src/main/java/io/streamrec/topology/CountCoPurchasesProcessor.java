package io.streamrec.topology;

import io.streamrec.catalog.CoPurchase;
import io.streamrec.events.EventType;
import io.streamrec.session.Interaction;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each purchase with the user's other purchases within the window, in a changelogged store of this task's
 * partners per item, and publishes every changed list to the co-purchases topic under {@code item#partition}, where
 * every instance reads it into its global store. Users live on one partition, so the partitions' counts add up.
 */
final class CountCoPurchasesProcessor implements Processor<String, SessionUpdate, String, byte[]> {
    static final String STORE = "copurchase-partners";

    private final CoPurchase coPurchase;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> partners;
    private int partition;

    CountCoPurchasesProcessor(CoPurchase coPurchase) {
        this.coPurchase = coPurchase;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.partners = context.getStateStore(STORE);
        this.partition = context.taskId().partition();
    }

    @Override
    public void process(Record<String, SessionUpdate> record) {
        Interaction applied = record.value().applied();
        if (applied == null || applied.type() != EventType.PURCHASE) {
            return;
        }
        List<String> boughtWith = coPurchase.partners(record.value().state().interactions(), applied);
        for (Map.Entry<String, byte[]> updated : coPurchase.update(partners::get, applied.item(), boughtWith)
                .entrySet()) {
            partners.put(updated.getKey(), updated.getValue());
            context.forward(new Record<>(SharedKeys.part(updated.getKey(), partition), updated.getValue(),
                    record.timestamp()));
        }
    }
}
