package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

/** A row of {@code courseware_studentmodule}; the latest change wins. */
final class StudentModuleRow {
    private final long id;
    private final long createdMicros;
    private ModuleChange latest;

    StudentModuleRow(long id, ModuleChange first) {
        this.id = id;
        this.createdMicros = first.micros();
        this.latest = requireNonNull(first, "first is null");
    }

    long id() {
        return id;
    }

    long createdMicros() {
        return createdMicros;
    }

    ModuleChange latest() {
        return latest;
    }

    void apply(ModuleChange change) {
        latest = change;
    }
}
