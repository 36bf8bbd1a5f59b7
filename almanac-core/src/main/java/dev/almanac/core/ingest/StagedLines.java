package dev.almanac.core.ingest;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The good lines of a file as rows {@code (line_number, line)}, read (and decompressed) on a thread
 * of their own so that reading overlaps with the engine loading the rows.
 */
final class StagedLines implements Iterator<List<Object>> {
    private static final int BATCH = 4096;
    private static final List<List<Object>> END = List.of();

    private final BlockingQueue<List<List<Object>>> batches = new ArrayBlockingQueue<>(16);
    private final LineReader reader = new LineReader();
    private final Thread producer;
    private volatile RuntimeException failure;
    private List<List<Object>> current = List.of();
    private int position;
    private boolean ended;

    StagedLines(Path file) {
        producer = new Thread(() -> produce(file), "read-" + file.getFileName());
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(Path file) {
        List<List<Object>> batch = new ArrayList<>(BATCH);
        try {
            reader.read(file, line -> {
                batch.add(List.of(line.number(), line.text()));
                if (batch.size() == BATCH) {
                    put(new ArrayList<>(batch));
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                put(new ArrayList<>(batch));
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            put(END);
        }
    }

    private void put(List<List<Object>> batch) {
        try {
            batches.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while reading", e);
        }
    }

    @Override
    public boolean hasNext() {
        while (!ended && position >= current.size()) {
            try {
                current = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while reading", e);
            }
            position = 0;
            if (current == END) {
                ended = true;
                awaitProducer();
            }
        }
        return !ended;
    }

    @Override
    public List<Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.get(position++);
    }

    private void awaitProducer() {
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while reading", e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The reader, for its rejected lines and breakage once every row was taken. */
    LineReader reader() {
        return reader;
    }
}
