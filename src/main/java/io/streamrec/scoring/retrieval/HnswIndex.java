package io.streamrec.scoring.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lucene's HNSW graph (9.12, {@code Lucene99HnswVectorsFormat}, maximum inner product) over the item table, kept as
 * a one-segment Lucene index in a cache directory: built once per model (minutes for a million items), then read by
 * every later start: the graph is copied onto the heap (about 4 × (items + edges) bytes) and searched by
 * {@link GraphSearch} against the item table the app holds anyway; Lucene builds and stores it.
 */
public final class HnswIndex implements CandidateIndex {
    private static final Logger log = LoggerFactory.getLogger(HnswIndex.class);
    static final String FIELD = "v";
    static final String ITEM = "item";
    static final String READY = "READY";

    private final int size;
    private final GraphSearch graph;
    private final String description;

    /** Reads the one-segment index in {@code directory}: its item of each document and its graph, onto the heap. */
    private HnswIndex(FSDirectory directory, float[] table, int dim, String description) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            if (reader.leaves().size() != 1) {
                throw new IOException(directory.getDirectory() + " has " + reader.leaves().size()
                        + " segments, expected 1");
            }
            LeafReader leaf = reader.leaves().get(0).reader();
            int[] docToItem = new int[leaf.maxDoc()];
            NumericDocValues items = leaf.getNumericDocValues(ITEM);
            for (int doc = items.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = items.nextDoc()) {
                docToItem[doc] = (int) items.longValue();
            }
            KnnVectorsReader vectors = ((CodecReader) leaf).getVectorReader();
            if (vectors instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
                vectors = perField.getFieldReader(FIELD);
            }
            if (!(vectors instanceof HnswGraphProvider provider)) {
                throw new IOException(directory.getDirectory() + ": no HNSW graph for field " + FIELD);
            }
            // every document has a vector: ord == doc
            this.graph = new GraphSearch(provider.getGraph(FIELD), docToItem, table, dim);
            this.size = leaf.maxDoc();
        }
        this.description = description;
    }

    /** Graph parameters: {@code maxConn} neighbours per node (M), {@code beamWidth} candidates while building. */
    public record Params(int maxConn, int beamWidth) {
        public String key() {
            return "m" + maxConn + "-b" + beamWidth;
        }
    }

    /**
     * Opens the index for {@code key} under {@code cacheRoot}, building it first when it is not there (under a
     * temporary name, renamed into place when complete, so concurrent starts and crashes leave no half index).
     *
     * @param table row-major [rows, dim] float table, row 0 the padding item (not indexed)
     * @param threads workers for the final merge of the graph
     */
    public static HnswIndex openOrBuild(Path cacheRoot, String key, float[] table, int dim, Params params,
                                        int threads) {
        Path dir = cacheRoot.resolve(key);
        try {
            if (!Files.exists(dir.resolve(READY))) {
                Files.createDirectories(cacheRoot);
                Path tmp = Files.createTempDirectory(cacheRoot, "." + key + ".tmp-");
                try {
                    long start = System.nanoTime();
                    build(tmp, table, dim, params, threads);
                    Files.writeString(tmp.resolve(READY), "built in " + (System.nanoTime() - start) / 1_000_000 + " ms\n");
                    log.info("built HNSW index of {} items (dim {}, {}) in {} s: {}", table.length / dim - 1, dim,
                            params.key(), (System.nanoTime() - start) / 1_000_000_000, dir);
                    try {
                        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException | DirectoryNotEmptyException
                             | AtomicMoveNotSupportedException e) {
                        log.info("another process built {} meanwhile; using it", dir);
                    }
                } finally {
                    deleteTree(tmp);
                }
            }
            HnswIndex index;
            try (FSDirectory fs = FSDirectory.open(dir)) {
                index = new HnswIndex(fs, table, dim, "hnsw(M=" + params.maxConn() + ", beam=" + params.beamWidth()
                        + ")");
            }
            if (index.size() != table.length / dim - 1) {
                throw new IOException(dir + " indexes " + index.size() + " items, the table has " + (table.length / dim - 1));
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("HNSW index " + dir + ": " + e.getMessage(), e);
        }
    }

    static void build(Path dir, float[] table, int dim, Params params, int threads) throws IOException {
        ExecutorService merges = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hnsw-merge");
            t.setDaemon(true);
            return t;
        }) : null;
        KnnVectorsFormat format = merges == null
                ? new Lucene99HnswVectorsFormat(params.maxConn(), params.beamWidth())
                : new Lucene99HnswVectorsFormat(params.maxConn(), params.beamWidth(), threads, merges);
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(new Lucene912Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return format;
                    }
                })
                .setRAMBufferSizeMB(128)
                .setUseCompoundFile(false)
                .setMergePolicy(NoMergePolicy.INSTANCE);  // one merge at the end, not many along the way
        try (FSDirectory fs = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(fs, config)) {
            int rows = table.length / dim;
            for (int item = 1; item < rows; item++) {
                float[] v = new float[dim];
                System.arraycopy(table, item * dim, v, 0, dim);
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, v, VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
                doc.add(new NumericDocValuesField(ITEM, item));
                writer.addDocument(doc);
            }
            writer.getConfig().setMergePolicy(new TieredMergePolicy());
            writer.forceMerge(1);
            writer.commit();
        } finally {
            if (merges != null) {
                merges.shutdownNow();
            }
        }
    }

    /** The best {@code n} items a beam of width n finds (HNSW's ef = n). */
    @Override
    public int[] search(float[] query, int n) {
        return graph.search(query, n);
    }

    /** Heap bytes of the graph (the vectors are the item table's). */
    public long graphBytes() {
        return graph.graphBytes();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String describe() {
        return description;
    }


    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
