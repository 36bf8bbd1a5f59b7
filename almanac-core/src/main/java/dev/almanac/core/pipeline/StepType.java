package dev.almanac.core.pipeline;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of step, by the name written in a pipeline file's {@code type}. */
public enum StepType {
    SQL("sql"),
    INGEST("ingest"),
    EXTRACT_JDBC("extract-jdbc"),
    EXPORT("export"),
    CHECK("check"),
    WAIT_FOR("wait-for"),
    JAVA("java"),
    WINDOW_AGGREGATE("window-aggregate");

    private final String configName;

    StepType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<StepType> of(String configName) {
        return Arrays.stream(values())
                .filter(type -> type.configName.equals(configName))
                .findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(StepType::configName).collect(Collectors.joining(", "));
    }
}
