package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A few new engine sessions that run work side by side, each piece of work on a session of its
 * own; a session runs one piece of work at a time. Closing waits for the work to end and closes the
 * sessions.
 */
final class EngineSessions implements AutoCloseable {
    private final BlockingQueue<Engine> idle;
    private final List<Engine> opened = new ArrayList<>();
    private final ExecutorService workers;

    EngineSessions(int count, Supplier<Engine> open) {
        requireNonNull(open, "open is null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        idle = new ArrayBlockingQueue<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Engine session = open.get();
                opened.add(session);
                idle.add(session);
            }
        } catch (RuntimeException e) {
            opened.forEach(Engine::close);
            throw e;
        }
        workers = Executors.newFixedThreadPool(count, work -> {
            Thread thread = new Thread(work, "ingest-session");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code work} on the next idle session. */
    <T> Future<T> submit(Function<Engine, T> work) {
        return workers.submit(() -> {
            Engine session = idle.take();
            try {
                return work.apply(session);
            } finally {
                idle.add(session);
            }
        });
    }

    /** The result of submitted work; its failure is thrown as it was thrown. */
    <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while waiting for an engine session", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AlmanacException failure) {
                throw failure;
            }
            if (e.getCause() instanceof UncheckedIOException failure) {
                throw failure;
            }
            throw new AlmanacException(ErrorCode.INTERNAL, "An engine session failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            opened.forEach(Engine::close);
        }
    }
}
