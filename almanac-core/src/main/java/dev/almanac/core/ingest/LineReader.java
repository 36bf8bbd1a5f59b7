package dev.almanac.core.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a text file line by line, gzip or plain (told apart by content). Lines that are not UTF-8
 * or are empty are set aside with a reason, never dropped. A gzip stream that breaks off keeps the
 * lines before the break and reports where it broke.
 */
final class LineReader {
    /** The reason given for a line that is not UTF-8. */
    static final String UNDECODABLE = "invalid UTF-8";

    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;

    private final List<RejectedLine> rejected = new ArrayList<>();
    private Optional<String> breakage = Optional.empty();
    private long lines;
    private long bytes;

    /** Passes each good line to {@code sink}; returns when the file ends or breaks. */
    void read(Path file, Consumer<Line> sink) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream input = open(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            byte[] buffer = new byte[1 << 16];
            int read;
            try {
                while ((read = input.read(buffer)) > 0) {
                    bytes += read;
                    int start = 0;
                    for (int i = 0; i < read; i++) {
                        if (buffer[i] == '\n') {
                            line.write(buffer, start, i - start);
                            emit(line, decoder, sink);
                            start = i + 1;
                        }
                    }
                    line.write(buffer, start, read - start);
                }
            } catch (EOFException | ZipException e) {
                breakage = Optional.of("compressed stream breaks off after line " + lines + ": " + e.getMessage());
                if (line.size() > 0) {
                    emit(line, decoder, sink);
                }
                rejected.add(new RejectedLine(lines + 1, "", "truncated gzip: " + e.getMessage()));
                return;
            }
            if (line.size() > 0) {
                emit(line, decoder, sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void emit(ByteArrayOutputStream buffer, CharsetDecoder decoder, Consumer<Line> sink) {
        lines++;
        byte[] raw = buffer.toByteArray();
        buffer.reset();
        int length = raw.length;
        if (length > 0 && raw[length - 1] == '\r') {
            length--;
        }
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(raw, 0, length)).toString();
        } catch (CharacterCodingException e) {
            rejected.add(new RejectedLine(lines, new String(raw, 0, length, StandardCharsets.UTF_8), UNDECODABLE));
            return;
        }
        if (text.isBlank()) {
            rejected.add(new RejectedLine(lines, text, "empty line"));
            return;
        }
        sink.accept(new Line(lines, text));
    }

    private static InputStream open(Path file) throws IOException {
        InputStream input = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        input.mark(2);
        int first = input.read();
        int second = input.read();
        input.reset();
        if (first == GZIP_MAGIC_FIRST && second == GZIP_MAGIC_SECOND) {
            return new GZIPInputStream(input, 1 << 16);
        }
        return input;
    }

    List<RejectedLine> rejected() {
        return rejected;
    }

    /** Why the file's stream broke off early, if it did. */
    Optional<String> breakage() {
        return breakage;
    }

    long lines() {
        return lines;
    }

    long bytes() {
        return bytes;
    }

    record Line(long number, String text) {}

    record RejectedLine(long number, String text, String reason) {}
}
