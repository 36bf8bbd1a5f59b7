package dev.almanac.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What commands take from the process: environment, working directory, clock, terminal. */
public record CliContext(Map<String, String> environment, Path workingDirectory, Clock clock, boolean terminal) {
    public CliContext {
        environment = Map.copyOf(environment);
        requireNonNull(workingDirectory, "workingDirectory is null");
        requireNonNull(clock, "clock is null");
    }

    public static CliContext system() {
        return new CliContext(
                System.getenv(), Path.of("").toAbsolutePath(), Clock.systemUTC(), System.console() != null);
    }

    public String principal() {
        String user = environment.get("ALMANAC_USER");
        if (user != null && !user.isBlank()) {
            return user;
        }
        return System.getProperty("user.name", "unknown");
    }

    static PrintWriter writer(java.io.OutputStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
    }
}
