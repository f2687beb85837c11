package io.streamrec.http;

import io.streamrec.catalog.DecayedCounter;

/** Trending as this instance's global store holds it (every instance holds all of it: nothing is forwarded). */
interface TrendingReader {
    /** The merged counter of a scope ({@code global} or {@code category:<name>}); IllegalStateException if not queryable. */
    DecayedCounter scope(String scope);
}
