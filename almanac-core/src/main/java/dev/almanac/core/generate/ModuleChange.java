package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

/**
 * A new state of a row of {@code courseware_studentmodule}.
 *
 * @param moduleType {@code chapter}, {@code sequential}, {@code video} or {@code problem}
 * @param block the module's block id within the course
 */
record ModuleChange(long micros, ModuleKey key, String moduleType, String block, ModuleState state) {
    ModuleChange {
        requireNonNull(key, "key is null");
        requireNonNull(moduleType, "moduleType is null");
        requireNonNull(block, "block is null");
        requireNonNull(state, "state is null");
    }
}
