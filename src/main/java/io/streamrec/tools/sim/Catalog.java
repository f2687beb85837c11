package io.streamrec.tools.sim;

import io.streamrec.catalog.CatalogItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The simulated shop: items {@code sku-1 … sku-N} (sku-1 the most popular, Zipf) spread over categories.
 *
 * <p>Within a category the items form a ring of <em>related</em> items: an item's neighbours on the ring
 * are what a shopper browses next. Categories come in complementary pairs (0↔1, 2↔3, …; an odd last
 * category is paired with 0, one way), and item {@code p} of a category corresponds to the item at the
 * same relative ring position in its complement: phones lead to cases for that phone.
 */
public final class Catalog {
    private static final String[] NAMES = {
            "phones", "phone-cases", "laptops", "laptop-bags", "cameras", "memory-cards",
            "coffee-machines", "coffee-beans", "running-shoes", "sports-socks", "printers", "ink",
            "tents", "sleeping-bags", "grills", "charcoal", "consoles", "games", "bikes", "helmets"};
    private static final double ITEM_ZIPF_EXPONENT = 1.0;
    private static final double CATEGORY_ZIPF_EXPONENT = 0.7;

    private final int[] categoryOfItem;
    private final int[] positionOfItem;
    private final List<int[]> byPopularity = new ArrayList<>();
    private final List<int[]> ring = new ArrayList<>();
    private final List<ZipfSampler> popularityInCategory = new ArrayList<>();
    private final double[] price;
    private final ZipfSampler popularity;
    private final ZipfSampler categoryPopularity;

    Catalog(int items, int categories, RandomGenerator random) {
        categoryOfItem = new int[items];
        positionOfItem = new int[items];
        price = new double[items];
        categoryPopularity = new ZipfSampler(categories, CATEGORY_ZIPF_EXPONENT);
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < categories; c++) members.add(new ArrayList<>());
        for (int item = 0; item < items; item++) {
            // the first item of each category is assigned round-robin so that no category is empty
            int category = item < categories ? item : categoryPopularity.sample(random);
            categoryOfItem[item] = category;
            members.get(category).add(item);
            price[item] = Math.floor(5 + random.nextDouble() * 195) + 0.99;
        }
        for (List<Integer> category : members) {
            // members were added in item order, which is popularity order
            int[] ranked = category.stream().mapToInt(Integer::intValue).toArray();
            byPopularity.add(ranked);
            popularityInCategory.add(new ZipfSampler(ranked.length, ITEM_ZIPF_EXPONENT));
            int[] order = ranked.clone();
            shuffle(order, random);
            for (int p = 0; p < order.length; p++) positionOfItem[order[p]] = p;
            ring.add(order);
        }
        popularity = new ZipfSampler(items, ITEM_ZIPF_EXPONENT);
    }

    public int itemCount() {
        return categoryOfItem.length;
    }

    public int categoryCount() {
        return ring.size();
    }

    public static String itemId(int item) {
        return "sku-" + (item + 1);
    }

    /** The item index of {@code sku-<n>}. */
    public static int itemIndex(String itemId) {
        if (!itemId.startsWith("sku-")) throw new IllegalArgumentException("not a catalog item: " + itemId);
        return Integer.parseInt(itemId.substring(4)) - 1;
    }

    public int categoryOf(int item) {
        return categoryOfItem[item];
    }

    public String categoryName(int category) {
        return category < NAMES.length ? NAMES[category] : "category-" + (category + 1);
    }

    /** The paired category whose items complement this one's. */
    public int complementOf(int category) {
        int pair = category ^ 1;
        return pair < categoryCount() ? pair : 0;
    }

    public double price(int item) {
        return price[item];
    }

    /** The item as the {@code items} topic describes it. */
    public CatalogItem record(int item, boolean available) {
        return new CatalogItem(itemId(item), categoryName(categoryOf(item)), available, price(item), null, Map.of(),
                false);
    }

    /** Every item, available: what the shop publishes before its shoppers arrive. */
    public List<CatalogItem> records() {
        List<CatalogItem> records = new ArrayList<>(itemCount());
        for (int item = 0; item < itemCount(); item++) records.add(record(item, true));
        return records;
    }

    int popularItem(RandomGenerator random) {
        return popularity.sample(random);
    }

    int popularCategory(RandomGenerator random) {
        return categoryPopularity.sample(random);
    }

    int popularItemIn(int category, RandomGenerator random) {
        return byPopularity.get(category)[popularityInCategory.get(category).sample(random)];
    }

    /** A related item: same category, one to three steps away on the ring (closer is likelier). */
    int neighbourOf(int item, RandomGenerator random) {
        int[] items = ring.get(categoryOf(item));
        if (items.length == 1) return item;
        double r = random.nextDouble();
        int distance = r < 0.5 ? 1 : r < 0.8 ? 2 : 3;
        int step = random.nextBoolean() ? distance : -distance;
        return items[Math.floorMod(positionOfItem[item] + step, items.length)];
    }

    /** An item of the complementary category at (about) the same relative ring position. */
    int complementItemOf(int item, RandomGenerator random) {
        int category = categoryOf(item);
        int[] source = ring.get(category);
        int[] target = ring.get(complementOf(category));
        int position = (int) ((long) positionOfItem[item] * target.length / source.length);
        int jitter = random.nextInt(3) - 1;
        return target[Math.floorMod(position + jitter, target.length)];
    }

    private static void shuffle(int[] values, RandomGenerator random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
