package io.streamrec.topology;

import io.streamrec.catalog.CatalogCodec;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.catalog.CatalogItemBytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks each catalog record ({@link CatalogCodec}: a bad one throws and is dead-lettered with its reason) and passes
 * the item on under its normalised id, a tombstone as the item's removal marker: the ranker must know a removed item
 * from one it has never heard of.
 */
final class CheckCatalogProcessor implements Processor<String, byte[], String, byte[]> {
    private final CatalogCodec codec;
    private ProcessorContext<String, byte[]> context;

    CheckCatalogProcessor(CatalogCodec codec) {
        this.codec = codec;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CatalogItem item = codec.parse(record.key(), record.value());
        context.forward(record.withKey(item.item()).withValue(CatalogItemBytes.encode(item)));
    }
}
