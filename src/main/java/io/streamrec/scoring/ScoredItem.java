package io.streamrec.scoring;

/** An item id with the model's score for it (0 for popularity fill-ins). */
public record ScoredItem(String item, double score) {
}
