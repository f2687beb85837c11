package io.streamrec.topology;

import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store equal to its topic: the value as written, a tombstone deletes. Each write is reported to
 * {@code written} (with its key), so readers that cache what they derive from the store know when to derive it again.
 */
final class GlobalStoreWriter implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private final Consumer<String> written;
    private KeyValueStore<String, byte[]> store;

    GlobalStoreWriter(String storeName, Consumer<String> written) {
        this.storeName = storeName;
        this.written = written;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        written.accept(record.key());
    }
}
