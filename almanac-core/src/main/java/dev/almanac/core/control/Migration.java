package dev.almanac.core.control;

import static java.util.Objects.requireNonNull;

/** One versioned change to the control database schema, written in SQL both dialects accept. */
record Migration(int version, String description, String resource) {
    Migration {
        requireNonNull(description, "description is null");
        requireNonNull(resource, "resource is null");
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be positive: " + version);
        }
    }
}
