package dev.almanac.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Spark driver process and the pipe to it: one JSON request per line on its stdin, one JSON
 * response per line on its stdout. Its stderr (Spark's log) goes to a log file in the temporary
 * directory. The driver ends when its stdin closes, so it dies with this JVM; a shutdown hook also
 * stops it when this JVM exits without closing it. Calls are serialized: several engine sessions
 * may share one driver, each with a Spark session of its own.
 */
public final class SparkDriver implements AutoCloseable {
    static final String MAIN_CLASS = "dev.almanac.spark.driver.SparkDriverMain";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader responses;
    private final Path log;
    private final Duration startup;
    private final String sparkVersion;
    private final Thread shutdownHook;
    private boolean closed;

    private SparkDriver(
            Process process,
            BufferedWriter requests,
            BufferedReader responses,
            Path log,
            Duration startup,
            String sparkVersion) {
        this.process = process;
        this.requests = requests;
        this.responses = responses;
        this.log = log;
        this.startup = startup;
        this.sparkVersion = sparkVersion;
        this.shutdownHook = new Thread(process::destroyForcibly, "almanac-spark-driver-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a driver and waits until its Spark session is up. */
    public static SparkDriver start(SparkInstallation installation, DriverOptions options, Path temporaryDirectory) {
        List<String> command = DriverCommand.of(installation, options);
        long started = System.nanoTime();
        Path log;
        Process process;
        try {
            Files.createDirectories(temporaryDirectory);
            log = temporaryDirectory.resolve("spark-driver-" + UUID.randomUUID() + ".log");
            process = new ProcessBuilder(command)
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new AlmanacException(
                    ErrorCode.ENGINE_ERROR, "Could not start the Spark driver (" + command.get(0) + "): " + e, e);
        }
        BufferedWriter requests =
                new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        BufferedReader responses =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        JsonNode ready;
        try {
            ready = readReady(responses);
        } catch (IOException | AlmanacException e) {
            process.destroyForcibly();
            throw new AlmanacException(
                    ErrorCode.ENGINE_ERROR, "The Spark driver did not start: " + lastLines(log, 20), e);
        }
        if (ready == null || !ready.path("ready").asBoolean()) {
            process.destroyForcibly();
            throw new AlmanacException(ErrorCode.ENGINE_ERROR, "The Spark driver did not start: " + lastLines(log, 20));
        }
        return new SparkDriver(
                process,
                requests,
                responses,
                log,
                Duration.ofNanos(System.nanoTime() - started),
                ready.path("sparkVersion").asText());
    }

    /** Sends a request and returns the driver's answer; a failure the driver reports is thrown. */
    synchronized JsonNode call(ObjectNode request) {
        if (closed) {
            throw new AlmanacException(ErrorCode.ENGINE_ERROR, "The Spark driver has been stopped");
        }
        JsonNode response;
        try {
            requests.write(JSON.writeValueAsString(request));
            requests.newLine();
            requests.flush();
            response = read(responses);
        } catch (IOException e) {
            throw died(e);
        }
        if (response == null) {
            throw died(null);
        }
        if (!response.path("ok").asBoolean()) {
            throw SparkErrors.translate(response, log);
        }
        return response;
    }

    ObjectNode request(String operation) {
        return JSON.createObjectNode().put("op", operation);
    }

    private AlmanacException died(Exception cause) {
        return new AlmanacException(
                ErrorCode.ENGINE_ERROR,
                "The Spark driver stopped unexpectedly" + exitStatus() + ": " + lastLines(log, 20),
                cause);
    }

    private String exitStatus() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " (exit code " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    /**
     * The driver's first answer. A launcher such as {@code spark-submit} may print lines of its own
     * on standard output before the driver takes it over; they are skipped.
     */
    private static JsonNode readReady(BufferedReader responses) throws IOException {
        String line;
        while ((line = responses.readLine()) != null) {
            if (line.startsWith("{")) {
                return JSON.readTree(line);
            }
        }
        return null;
    }

    private static JsonNode read(BufferedReader responses) throws IOException {
        String line = responses.readLine();
        return line == null ? null : JSON.readTree(line);
    }

    private static String lastLines(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - count), lines.size());
            return last.isEmpty() ? "its log " + log + " is empty" : "see " + log + ":\n" + String.join("\n", last);
        } catch (IOException e) {
            return "its log " + log + " cannot be read (" + e.getMessage() + ")";
        }
    }

    /** How long the driver took to start, until its Spark session was ready. */
    public Duration startup() {
        return startup;
    }

    public String sparkVersion() {
        return sparkVersion;
    }

    public Path log() {
        return log;
    }

    /** The driver process's id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops what the driver runs by stopping the driver itself (not synchronized: a call is under
     * way): the running call fails, and so does every later call on this driver. Requests are
     * answered one at a time over the driver's standard input, so a running one cannot be
     * interrupted from here; cancelling a single Spark job is not built yet.
     */
    void kill() {
        process.destroyForcibly();
    }

    /** Asks the driver to stop, waits for it briefly, then kills it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            requests.write(JSON.writeValueAsString(request("shutdown")));
            requests.newLine();
            requests.close();
        } catch (IOException e) {
            // the driver is gone already: nothing left to ask
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs anyway
        }
        if (!process.isAlive() && process.exitValue() == 0) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a log left behind is harmless
            }
        }
    }
}
