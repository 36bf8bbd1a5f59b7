package dev.almanac.core.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * App Engine datastore keys as Khan Academy's exports print them: the URL-safe base64 of the
 * key's protocol buffer (app {@code s~khan-academy}, kind, numeric id), e.g. {@code ag5zfmtoYW4tYWNhZGVteXIR…}.
 */
final class EntityKeys {
    private static final byte[] APP = "s~khan-academy".getBytes(StandardCharsets.US_ASCII);
    private static final long ID_MASK = (1L << 52) - 1;
    private static final long SCATTER = 0x9E3779B97F4A7C15L;

    private EntityKeys() {}

    /**
     * The key of the {@code n}-th entity of a kind. Ids are 16 digits and look scattered, yet differ
     * for every n (multiplying by an odd number is a bijection modulo 2^52).
     */
    static String key(String kind, long n, long offset) {
        long id = ((n * SCATTER + offset) & ID_MASK) | (1L << 52);
        byte[] kindBytes = kind.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream element = new ByteArrayOutputStream();
        element.write(0x0b);
        element.write(0x12);
        element.write(kindBytes.length);
        element.writeBytes(kindBytes);
        element.write(0x18);
        varint(element, id);
        element.write(0x0c);
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.write(0x6a);
        key.write(APP.length);
        key.writeBytes(APP);
        key.write(0x72);
        key.write(element.size());
        key.writeBytes(element.toByteArray());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.toByteArray());
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }
}
