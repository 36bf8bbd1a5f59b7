package dev.almanac.core.generate;

import java.util.SplittableRandom;

/** Makes corrupt lines like the ones real exports contain. */
interface BadLines {
    /**
     * One corrupt line without a line break; {@code neighbour} is a good line written next to it,
     * for corruptions that damage a real line.
     */
    byte[] next(SplittableRandom random, byte[] neighbour);
}
