package dev.almanac.core.generate;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Identifiers and picks drawn from a random stream. */
final class RandomText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] YOUTUBE =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private RandomText() {}

    static String hex(SplittableRandom random, int length) {
        return draw(random, HEX, length);
    }

    static String alphanumeric(SplittableRandom random, int length) {
        return draw(random, ALPHANUMERIC, length);
    }

    static String youtubeId(SplittableRandom random) {
        return draw(random, YOUTUBE, 11);
    }

    /** 32 hex digits that depend only on the hash. */
    static String hex(long hash) {
        return String.format(Locale.ROOT, "%016x%016x", hash, StableHash.of(hash));
    }

    static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static <T> T pick(long hash, List<T> values) {
        return values.get((int) Math.floorMod(hash, (long) values.size()));
    }

    private static String draw(SplittableRandom random, char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
