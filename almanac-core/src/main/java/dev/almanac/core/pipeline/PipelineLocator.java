package dev.almanac.core.pipeline;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a pipeline by file or by name. A name is looked up as {@code pipelines/NAME.yaml} in the
 * warehouse, then among the pipelines bundled with Almanac, so a warehouse can override a bundled
 * pipeline by keeping its own copy.
 */
public final class PipelineLocator {
    /** The pipelines that ship with Almanac (see {@code pipelines/bundled} in the source tree). */
    public static final List<String> BUNDLED =
            List.of("edx_person_course_day", "khan_user_exercise_summary", "learner_activity_windows");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final String RESOURCES = "/dev/almanac/core/pipeline/bundled/";

    private PipelineLocator() {}

    /**
     * Reads the pipeline {@code reference} names: a file (relative to {@code workingDirectory}) when
     * one exists there or the reference looks like a path, else a pipeline name.
     */
    public static Pipeline locate(String reference, Path workingDirectory, Optional<Path> warehouseDirectory) {
        Path file = workingDirectory.resolve(reference);
        if (Files.isRegularFile(file) || !NAME.matcher(reference).matches()) {
            return PipelineParser.parse(file, reference);
        }
        if (warehouseDirectory.isPresent()) {
            Path own = warehouseDirectory.get().resolve("pipelines").resolve(reference + ".yaml");
            if (Files.isRegularFile(own)) {
                return PipelineParser.parse(own, own.toString());
            }
        }
        return bundled(reference)
                .orElseThrow(() -> new AlmanacException(
                        ErrorCode.INVALID_ARGUMENT,
                        "No pipeline file or pipeline named '" + reference + "': give a YAML file, a name of a file in"
                                + " the warehouse's pipelines folder, or a bundled pipeline ("
                                + String.join(", ", BUNDLED) + ")"));
    }

    /** A bundled pipeline by name. */
    public static Optional<Pipeline> bundled(String name) {
        return bundledText(name).map(text -> PipelineParser.parse("bundled:" + name + ".yaml", text, Path.of(".")));
    }

    /** The YAML of a bundled pipeline, e.g. to copy it into a warehouse. */
    public static Optional<String> bundledText(String name) {
        if (!BUNDLED.contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = PipelineLocator.class.getResourceAsStream(RESOURCES + name + ".yaml")) {
            if (in == null) {
                throw new AlmanacException(
                        ErrorCode.INTERNAL, "The bundled pipeline " + name + " is missing from the distribution");
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
