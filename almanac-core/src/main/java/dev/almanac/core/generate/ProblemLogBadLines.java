package dev.almanac.core.generate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Corrupt entity-dump lines: the tab between key and JSON missing, or JSON that does not parse. */
final class ProblemLogBadLines implements BadLines {
    @Override
    public byte[] next(SplittableRandom random, byte[] neighbour) {
        String line = new String(neighbour, StandardCharsets.UTF_8);
        int tab = line.indexOf('\t');
        String key = line.substring(0, tab);
        String json = line.substring(tab + 1);
        return switch (random.nextInt(4)) {
            case 0 -> (key + " " + json).getBytes(StandardCharsets.UTF_8);
            case 1 -> json.getBytes(StandardCharsets.UTF_8);
            case 2 -> Arrays.copyOf(neighbour, tab + 2 + random.nextInt(json.length() - 1));
            default ->
                (key + "\t" + json.replace('"', '\'').replace("true", "True").replace("false", "False"))
                        .getBytes(StandardCharsets.UTF_8);
        };
    }
}
