package io.streamrec.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingSettingsTest {
    @Test
    void shouldDefaultToOneSurfaceWithTheRulesOfBeforePlusTheNewDefaults() {
        assertEquals(new RankingRules(10, true), RankingSettings.rules(Map.of()));
        assertEquals(List.of(Surface.defaultSurface(new RankingRules(10, true))), RankingSettings.surfaces(Map.of()));
        assertEquals(new RankingRules(5, false), RankingSettings.rules(Map.of("top.k", "5", "exclude.last.event.item", "false")));
    }

    @Test
    void shouldReadEveryRule() {
        RankingRules rules = RankingSettings.rules(Map.of("exclude.recent.events", "4", "catalog.allow.unknown.items",
                "false", "diversity.max.per.category", "0", "trending.blend.below.events", "5", "trending.blend.share",
                "0.5", "trending.new.items.max", "2", "cart.complements.max", "1"));
        assertEquals(new RankingRules(10, 4, false, 0, Set.of(), 5, 0.5, 2, 1), rules);
        assertEquals(1, RankingSettings.rules(Map.of("exclude.recent.events", "0")).excludeRecentEvents(),
                "exclude.last.event.item=true keeps at least the last one");
        assertEquals(0, RankingSettings.rules(Map.of("exclude.last.event.item", "false")).excludeRecentEvents());
    }

    @Test
    void shouldGiveEachListedSurfaceTheGlobalRulesWithItsOverrides() {
        List<Surface> surfaces = RankingSettings.surfaces(Map.of("surfaces", "home, cart", "top.k", "8",
                "surface.cart.top.k", "4", "surface.cart.cart.complements.max", "2",
                "surface.home.cart.complements.max", "0", "surface.home.categories", "shoes, bags"));
        RankingRules global = new RankingRules(8, true);
        assertEquals(List.of(
                new Surface("home", global.withComplementsMax(0).withCategories(Set.of("shoes", "bags"))),
                new Surface("cart", global.withTopK(4).withComplementsMax(2))), surfaces);
    }

    @Test
    void shouldRefuseBadSettingsNamingTheKey() {
        assertMessage("top.k must be an integer of at least 1, got '0'", Map.of("top.k", "0"));
        assertMessage("trending.blend.share must be a number of at least 0.0 and at most 1.0, got '1.5'",
                Map.of("trending.blend.share", "1.5"));
        assertMessage("catalog.allow.unknown.items must be true or false, got 'yes'",
                Map.of("catalog.allow.unknown.items", "yes"));
        assertMessage("surface.cart.top.k must be an integer of at least 1, got 'x'",
                Map.of("surfaces", "cart", "surface.cart.top.k", "x"));
        assertMessage("top.k must be an integer of at least 1, got 'x'", Map.of("surfaces", "cart", "top.k", "x"));
        assertMessage("surface.home.top.k: no surface 'home' in surfaces", Map.of("surfaces", "cart", "surface.home.top.k", "3"));
        assertMessage("surface.cart.topk: a surface may set " + RankingSettings.SURFACE_KEYS,
                Map.of("surfaces", "cart", "surface.cart.topk", "3"));
        assertMessage("surfaces names a surface twice: [cart, cart]", Map.of("surfaces", "cart,cart"));
        assertMessage("surfaces: 'a b' is not a surface name ([A-Za-z0-9_-])", Map.of("surfaces", "a b"));
    }

    private static void assertMessage(String message, Map<String, String> settings) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> RankingSettings.surfaces(settings))
                .getMessage());
    }
}
