package dev.almanac.core.generate;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compresses and writes one file in the background while the next is generated; at most one
 * write is in flight, so at most two files' lines are in memory. Failures surface on the next
 * {@link #submit} or on {@link #close}.
 */
final class WriteBehind implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "almanac-generate-writer");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> inFlight;

    void submit(Runnable write) {
        awaitInFlight();
        inFlight = executor.submit(write);
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("Interrupted while writing generated files");
            interrupted.initCause(e);
            throw new UncheckedIOException(interrupted);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Writing a generated file failed", cause);
        } finally {
            inFlight = null;
        }
    }

    @Override
    public void close() {
        try {
            awaitInFlight();
        } finally {
            executor.shutdownNow();
        }
    }
}
