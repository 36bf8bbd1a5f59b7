package dev.almanac.core.warehouse;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats Almanac lands, by the name used in {@code almanac.yaml}. */
public enum SourceKind {
    EDX_TRACKING_LOG("edx-tracking-log", "raw.tracking_log"),
    ENTITY_DUMP("entity-dump", ""),
    EDX_SQL_EXPORT("edx-sql-export", ""),
    CSV("csv", ""),
    JDBC("jdbc", "");

    private final String configName;
    private final String defaultTable;

    SourceKind(String configName, String defaultTable) {
        this.configName = configName;
        this.defaultTable = defaultTable;
    }

    public String configName() {
        return configName;
    }

    /** The table a source of this kind lands in when it names none (empty: it must name one). */
    public Optional<String> defaultTable() {
        return defaultTable.isEmpty() ? Optional.empty() : Optional.of(defaultTable);
    }

    public static Optional<SourceKind> of(String configName) {
        return Arrays.stream(values())
                .filter(kind -> kind.configName.equals(configName))
                .findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(SourceKind::configName).collect(Collectors.joining(", "));
    }
}
