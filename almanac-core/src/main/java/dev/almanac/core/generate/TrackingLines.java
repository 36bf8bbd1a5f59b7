package dev.almanac.core.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders tracking-log lines with the field order of real edX logs. Not thread-safe. */
final class TrackingLines {
    static final String HOST = "courses.edx.org";

    private final JsonWriter writer = new JsonWriter();

    LogLine render(Envelope envelope, TrackingEvent event) {
        String payloadText = event.source() == EventSource.BROWSER ? writer.text(event.payload()) : null;
        try {
            JsonGenerator line = writer.start();
            line.writeStartObject();
            line.writeStringField("agent", envelope.agent());
            line.writeFieldName("context");
            line.writeTree(event.context());
            if (payloadText != null) {
                line.writeStringField("event", payloadText);
            } else {
                line.writeFieldName("event");
                line.writeTree(event.payload());
            }
            line.writeStringField("event_source", event.source().label());
            line.writeStringField("event_type", event.eventType());
            line.writeStringField("host", HOST);
            line.writeStringField("referer", event.referer());
            line.writeStringField("accept_language", envelope.acceptLanguage());
            line.writeStringField("ip", envelope.ip());
            if (event.page().isPresent()) {
                line.writeStringField("page", event.page().get());
            } else {
                line.writeNullField("page");
            }
            line.writeStringField("session", envelope.session());
            line.writeStringField("time", Timestamps.tracking(event.micros()));
            line.writeStringField("username", envelope.username());
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LogLine(event.micros(), writer.bytes());
    }
}
