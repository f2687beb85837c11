package io.streamrec.ranking;

import io.streamrec.catalog.SettingReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ranking rules and surfaces, from flat {@code key=value} settings (a missing key takes its
 * {@link #DEFAULTS default}; a bad value or an unknown {@code surface.*} key fails with
 * {@link IllegalArgumentException} naming the key).
 *
 * <p>{@code surfaces=home,cart} asks for one list per named surface; each takes the global rules, overridden by
 * {@code surface.<name>.<rule key>} (e.g. {@code surface.cart.top.k=6}, {@code surface.home.categories=shoes,bags}).
 * Without {@code surfaces}, one {@link Surface#DEFAULT_NAME default} surface with the global rules.
 */
public final class RankingSettings {
    public static final String SURFACES = "surfaces";
    public static final String SURFACE_PREFIX = "surface.";
    /** The global keys with their defaults. */
    public static final Map<String, String> DEFAULTS = defaults();
    /** What {@code surface.<name>.} may prefix: every rule key, and {@code categories}. */
    public static final Set<String> SURFACE_KEYS = surfaceKeys();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RankingSettings() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("top.k", "10");
        d.put("exclude.last.event.item", "true");
        d.put("exclude.recent.events", "0");
        d.put("catalog.allow.unknown.items", "true");
        d.put("diversity.max.per.category", String.valueOf(RankingRules.DEFAULT_MAX_PER_CATEGORY));
        d.put("trending.blend.below.events", String.valueOf(RankingRules.DEFAULT_BLEND_BELOW_EVENTS));
        d.put("trending.blend.share", String.valueOf(RankingRules.DEFAULT_BLEND_SHARE));
        d.put("trending.new.items.max", String.valueOf(RankingRules.DEFAULT_NEW_ITEMS_MAX));
        d.put("cart.complements.max", String.valueOf(RankingRules.DEFAULT_COMPLEMENTS_MAX));
        d.put(SURFACES, "");
        return Collections.unmodifiableMap(d);
    }

    private static Set<String> surfaceKeys() {
        Set<String> keys = new LinkedHashSet<>(DEFAULTS.keySet());
        keys.remove(SURFACES);
        keys.add("categories");
        return Collections.unmodifiableSet(keys);
    }

    /** The global rules. */
    public static RankingRules rules(Map<String, String> settings) {
        return read(new SettingReader(settings, DEFAULTS), "");
    }

    /** The configured surfaces in their listed order, or the one default surface. */
    public static List<Surface> surfaces(Map<String, String> settings) {
        SettingReader global = new SettingReader(settings, DEFAULTS);
        List<String> names = list(global.text(SURFACES));
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(SURFACES + ": '" + name + "' is not a surface name ([A-Za-z0-9_-])");
            }
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(SURFACES + " names a surface twice: " + names);
        }
        Map<String, Map<String, String>> overrides = overrides(settings, names);
        RankingRules rules = read(global, ""); // a bad global value is reported under its own key
        if (names.isEmpty()) {
            return List.of(Surface.defaultSurface(rules));
        }
        List<Surface> surfaces = new ArrayList<>();
        for (String name : names) {
            Map<String, String> merged = new HashMap<>(settings);
            merged.putAll(overrides.get(name));
            surfaces.add(new Surface(name, read(new SettingReader(merged, DEFAULTS), SURFACE_PREFIX + name + ".")));
        }
        return List.copyOf(surfaces);
    }

    /** {@code surface.<name>.<key>} values per listed surface; refuses keys of unlisted surfaces or unknown rules. */
    private static Map<String, Map<String, String>> overrides(Map<String, String> settings, List<String> names) {
        Map<String, Map<String, String>> overrides = new HashMap<>();
        names.forEach(name -> overrides.put(name, new HashMap<>()));
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().startsWith(SURFACE_PREFIX)) {
                continue;
            }
            String rest = e.getKey().substring(SURFACE_PREFIX.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String key = dot < 0 ? "" : rest.substring(dot + 1);
            if (!overrides.containsKey(name)) {
                throw new IllegalArgumentException(e.getKey() + ": no surface '" + name + "' in " + SURFACES);
            }
            if (!SURFACE_KEYS.contains(key)) {
                throw new IllegalArgumentException(e.getKey() + ": a surface may set " + SURFACE_KEYS);
            }
            overrides.get(name).put(key, e.getValue());
        }
        return overrides;
    }

    private static RankingRules read(SettingReader read, String prefix) {
        try {
            int recent = Math.max(read.integer("exclude.recent.events", 0), read.bool("exclude.last.event.item") ? 1 : 0);
            return new RankingRules(read.integer("top.k", 1), recent, read.bool("catalog.allow.unknown.items"),
                    read.integer("diversity.max.per.category", 0), Set.copyOf(list(read.text("categories"))),
                    read.integer("trending.blend.below.events", 0), read.decimal("trending.blend.share", 0, 1, false),
                    read.integer("trending.new.items.max", 0), read.integer("cart.complements.max", 0));
        } catch (IllegalArgumentException e) {
            throw prefix.isEmpty() ? e : new IllegalArgumentException(prefix + e.getMessage(), e);
        }
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
