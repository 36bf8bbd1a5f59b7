package dev.almanac.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** A benchmark's {@code --keep DIR} option and the folder it works in: DIR, kept, else a temporary folder. */
final class BenchDirectory {
    @Option(
            names = "--keep",
            paramLabel = "DIR",
            description = "Work in DIR and keep it (default: a temporary folder, removed).")
    Path keep;

    /** The folder to work in; closing it removes it unless it was given with {@code --keep}. */
    Folder open() throws IOException {
        return keep != null
                ? new Folder(Files.createDirectories(keep), false)
                : new Folder(Files.createTempDirectory("almanac-bench-"), true);
    }

    record Folder(Path path, boolean temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (!temporary) {
                return;
            }
            try (Stream<Path> paths = Files.walk(path)) {
                for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
