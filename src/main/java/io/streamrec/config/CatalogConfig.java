package io.streamrec.config;

import io.streamrec.catalog.CatalogCodec;
import io.streamrec.catalog.CoPurchase;
import io.streamrec.catalog.Trending;
import java.time.Duration;

/**
 * The catalog and the market counted in the stream.
 *
 * @param enabled                 false: no catalog, trending or co-purchases (the lists of the model's candidates and
 *                                popular items only, as before the catalog; the rules that need none still apply)
 * @param topic                   the compacted catalog topic the shop publishes ({@code catalog.topic})
 * @param codec                   how its records are read and checked
 * @param trending                decayed popularity per scope (half-life, weights, items kept per scope)
 * @param coPurchase              which purchases count as bought together, and partners kept per item
 * @param coPurchaseMinCount      a partner bought with the item at least this often (for sure) is a complement
 * @param trendingPublishInterval how often each task publishes its changed trending scopes to the other tasks
 */
public record CatalogConfig(boolean enabled, String topic, CatalogCodec codec, Trending trending, CoPurchase coPurchase,
                            int coPurchaseMinCount, Duration trendingPublishInterval) {
    public CatalogConfig {
        if (trendingPublishInterval.toMillis() < 1) {
            throw new ConfigException("trending.publish.interval.ms must be at least 1, got "
                    + trendingPublishInterval.toMillis());
        }
    }
}
