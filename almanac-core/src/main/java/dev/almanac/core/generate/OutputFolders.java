package dev.almanac.core.generate;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Refuses to write into folders that already hold files, so runs never mix. */
final class OutputFolders {
    private OutputFolders() {}

    static void requireEmpty(Path out, List<String> folders) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT, "Output path " + out + " is a file; choose a directory to write into");
        }
        for (String folder : folders) {
            Path path = out.resolve(folder);
            if (Files.exists(path) && (!Files.isDirectory(path) || !isEmpty(path))) {
                throw new AlmanacException(
                        ErrorCode.INVALID_ARGUMENT,
                        "Output folder " + path + " already exists and is not empty; delete it or choose another"
                                + " output directory");
            }
        }
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
