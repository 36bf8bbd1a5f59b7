package dev.almanac.core.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes many small JSON values with one reused generator, which is much cheaper than a new
 * generator per value. Not thread-safe; write one value at a time.
 */
final class JsonWriter {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
    private final JsonGenerator generator;

    JsonWriter() {
        try {
            generator = Json.generator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setRootValueSeparator(null);
    }

    /** The generator, emptied, to write one value with; then call {@link #bytes}. */
    JsonGenerator start() {
        buffer.reset();
        return generator;
    }

    byte[] bytes() {
        try {
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    String text(JsonNode node) {
        try {
            start().writeTree(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
