package dev.almanac.core.ingest;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Finds the files a source's location glob names. */
public final class SourceDiscovery {
    private SourceDiscovery() {}

    /** Matching regular files, sorted by path; relative globs are resolved against {@code base}. */
    public static List<FoundFile> find(Path base, String glob) {
        Path pattern = base.resolve(glob).normalize();
        Path root = fixedPrefix(pattern);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<FoundFile> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (matcher.matches(path)) {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        found.add(new FoundFile(
                                path,
                                attributes.size(),
                                attributes.lastModifiedTime().toInstant()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(
                (left, right) -> left.path().toString().compareTo(right.path().toString()));
        return found;
    }

    /** The longest leading directory without glob characters. */
    static Path fixedPrefix(Path pattern) {
        Path prefix = pattern.getRoot();
        for (Path part : pattern) {
            if (part.toString().matches(".*[*?\\[\\]{}].*")) {
                break;
            }
            prefix = prefix == null ? part : prefix.resolve(part);
        }
        return prefix;
    }

    /** Size, modification time and SHA-256 of a file. */
    public static SourceFile fingerprint(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new SourceFile(
                    path.toString(),
                    attributes.size(),
                    attributes.lastModifiedTime().toInstant(),
                    sha256(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(Path path) {
        try (InputStream input = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = input.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AlmanacException(ErrorCode.INTERNAL, "SHA-256 is not available", e);
        }
    }

    /** A file on disk before its content is read. */
    public record FoundFile(Path path, long sizeBytes, Instant modifiedAt) {
        public SourceFile fingerprint() {
            return new SourceFile(path.toString(), sizeBytes, modifiedAt, sha256(path));
        }
    }
}
