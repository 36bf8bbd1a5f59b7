package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One tracking-log event before rendering.
 *
 * @param page the page the event happened on; absent for most server events
 */
record TrackingEvent(
        long micros,
        String eventType,
        EventSource source,
        ObjectNode context,
        ObjectNode payload,
        Optional<String> page,
        String referer) {
    TrackingEvent {
        requireNonNull(eventType, "eventType is null");
        requireNonNull(source, "source is null");
        requireNonNull(context, "context is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(page, "page is null");
        requireNonNull(referer, "referer is null");
    }
}
