package dev.almanac.core.ingest;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The good lines of some files as rows {@code (source_file, line_number, line)}, read (and
 * decompressed) on a thread of their own so that reading overlaps with the engine loading them.
 */
final class StagedLines implements Iterator<List<Object>> {
    private static final int BATCH = 4096;
    private static final List<List<Object>> END = List.of();

    private final BlockingQueue<List<List<Object>>> batches = new ArrayBlockingQueue<>(16);
    private final Map<String, LineReader> readers = new LinkedHashMap<>();
    private final Thread producer;
    private volatile RuntimeException failure;
    private List<List<Object>> current = List.of();
    private int position;
    private boolean ended;

    StagedLines(List<Path> files) {
        for (Path file : files) {
            readers.put(file.toString(), new LineReader());
        }
        producer = new Thread(() -> produce(files), "read-" + files.get(0).getFileName());
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(List<Path> files) {
        List<List<Object>> batch = new ArrayList<>(BATCH);
        try {
            for (Path file : files) {
                String name = file.toString();
                readers.get(name).read(file, line -> {
                    batch.add(List.of(name, line.number(), line.text()));
                    if (batch.size() == BATCH) {
                        put(new ArrayList<>(batch));
                        batch.clear();
                    }
                });
            }
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

    /** The reader of each file by path, for rejected lines and breakage once every row was taken. */
    Map<String, LineReader> readers() {
        return readers;
    }
}
