package io.streamrec.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of every RocksDB store in the JVM: one LRU block cache shared by all stores, with
 * memtables charged against it through a write-buffer manager, so the total does not grow with the number of
 * partitions a pod owns (Kafka Streams' default gives each store its own caches and memtables).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Config key (in the Streams properties) carrying the total budget in bytes. */
    public static final String TOTAL_BYTES_CONFIG = "streamrec.rocksdb.memory.bytes";
    private static final double MEMTABLE_SHARE = 0.25;
    private static final double INDEX_FILTER_SHARE = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void createShared(long totalBytes) {
        if (cache == null) {
            cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_SHARE);
            writeBufferManager = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        createShared(Long.parseLong(String.valueOf(configs.get(TOTAL_BYTES_CONFIG))));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store of the JVM: never closed per store.
    }
}
