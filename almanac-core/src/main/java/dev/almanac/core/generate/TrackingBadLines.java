package dev.almanac.core.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Corrupt tracking-log lines: cut-off JSON, Latin-1 bytes in a UTF-8 file, JSON values that are not
 * objects, and garbage. (A blank username is not corrupt: real logs have them in valid events.)
 */
final class TrackingBadLines implements BadLines {
    private static final byte[] USERNAME = "\"username\":\"".getBytes(StandardCharsets.UTF_8);
    private static final List<String> NOT_OBJECTS =
            List.of("[1,2]", "\"tracking.log rotated\"", "42", "null", "[{\"username\":\"x\"}]");
    private static final List<String> GARBAGE = List.of(
            "   ", "\u0000\u0000\u0000\u0000", "-", "}}", "\u001f\u008b", "<html><body>502 Bad Gateway</body></html>");

    @Override
    public byte[] next(SplittableRandom random, byte[] neighbour) {
        int kind = random.nextInt(6);
        if (kind < 2 && neighbour.length > 2) {
            return Arrays.copyOf(neighbour, 1 + random.nextInt(neighbour.length - 2));
        }
        if (kind < 4) {
            return withLatin1(neighbour);
        }
        if (kind == 4) {
            return RandomText.pick(random, NOT_OBJECTS).getBytes(StandardCharsets.UTF_8);
        }
        return RandomText.pick(random, GARBAGE).getBytes(StandardCharsets.UTF_8);
    }

    /** The line with "é" written in Latin-1 at the start of the username, which is invalid UTF-8. */
    private static byte[] withLatin1(byte[] line) {
        int at = indexOf(line, USERNAME);
        int split = at < 0 ? 0 : at + USERNAME.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 2);
        out.write(line, 0, split);
        out.write(0xE9);
        out.write(0xFF);
        out.write(line, split, line.length - split);
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
