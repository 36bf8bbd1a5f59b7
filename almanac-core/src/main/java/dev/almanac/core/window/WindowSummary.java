package dev.almanac.core.window;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * What a window step records in the snapshot summaries of the tables it writes: the definition
 * digest, the window and a fingerprint per day. On {@code target__daily} the fingerprint is that
 * of the source day the partial state was computed from; on {@code target}, that of the partial
 * states it was folded from, so a later run knows whether the output can be adjusted.
 */
record WindowSummary(
        String definition, Optional<DayRange> window, Map<LocalDate, String> days, String plan, String reasons) {
    static final String PREFIX = "almanac.window.";

    WindowSummary {
        days = Collections.unmodifiableMap(new TreeMap<>(days));
    }

    WindowSummary(String definition, Optional<DayRange> window, Map<LocalDate, String> days, String plan) {
        this(definition, window, days, plan, "");
    }

    static Optional<WindowSummary> of(Table table) {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null || !snapshot.summary().containsKey(PREFIX + "definition")) {
            return Optional.empty();
        }
        Map<String, String> summary = snapshot.summary();
        Optional<DayRange> window = Optional.ofNullable(summary.get(PREFIX + "start"))
                .map(start -> new DayRange(LocalDate.parse(start), LocalDate.parse(summary.get(PREFIX + "end"))));
        Map<LocalDate, String> days = new TreeMap<>();
        String encoded = summary.getOrDefault(PREFIX + "days", "");
        if (!encoded.isEmpty()) {
            for (String entry : encoded.split(",")) {
                int equals = entry.indexOf('=');
                days.put(LocalDate.parse(entry.substring(0, equals)), entry.substring(equals + 1));
            }
        }
        return Optional.of(new WindowSummary(
                summary.get(PREFIX + "definition"),
                window,
                days,
                summary.getOrDefault(PREFIX + "plan", ""),
                summary.getOrDefault(PREFIX + "reasons", "")));
    }

    Map<String, String> properties() {
        Map<String, String> properties = new TreeMap<>();
        properties.put(PREFIX + "definition", definition);
        window.ifPresent(range -> {
            properties.put(PREFIX + "start", range.start().toString());
            properties.put(PREFIX + "end", range.end().toString());
        });
        properties.put(
                PREFIX + "days",
                days.entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .collect(Collectors.joining(",")));
        if (!plan.isEmpty()) {
            properties.put(PREFIX + "plan", plan);
        }
        if (!reasons.isEmpty()) {
            properties.put(PREFIX + "reasons", reasons);
        }
        return properties;
    }
}
