package dev.almanac.core.window;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;

/**
 * The data files of a dt-partitioned table per day, as of the table's current snapshot: their
 * bytes (for the plan's cost estimate) and a fingerprint that changes whenever a day's files do
 * (late rows appended, a partition restated or removed).
 */
record DayFiles(Map<LocalDate, Long> bytes, Map<LocalDate, String> fingerprints) {
    /** The fingerprint recorded for a day whose source has no files. */
    static final String NO_FILES = "-";

    DayFiles {
        bytes = Collections.unmodifiableMap(new TreeMap<>(bytes));
        fingerprints = Collections.unmodifiableMap(new TreeMap<>(fingerprints));
    }

    String fingerprint(LocalDate day) {
        return fingerprints.getOrDefault(day, NO_FILES);
    }

    long bytes(LocalDate day) {
        return bytes.getOrDefault(day, 0L);
    }

    long bytes(List<LocalDate> days) {
        return days.stream().mapToLong(this::bytes).sum();
    }

    static DayFiles of(Table table, String name, DayRange range) {
        checkPartitionedByDay(table, name);
        if (table.currentSnapshot() == null) {
            return new DayFiles(Map.of(), Map.of());
        }
        Map<LocalDate, Long> bytes = new TreeMap<>();
        Map<LocalDate, List<String>> files = new TreeMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan()
                .filter(Expressions.and(
                        Expressions.greaterThanOrEqual("dt", range.start().toString()),
                        Expressions.lessThanOrEqual("dt", range.end().toString())))
                .ignoreResiduals()
                .planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new AlmanacException(
                            ErrorCode.NOT_SUPPORTED,
                            "Table " + name + " has row-level delete files, which window steps do not read yet;"
                                    + " rewrite it with INSERT OVERWRITE first");
                }
                DataFile file = task.file();
                Integer epochDay = file.partition().get(0, Integer.class);
                if (epochDay == null) {
                    continue;
                }
                LocalDate day = LocalDate.ofEpochDay(epochDay);
                bytes.merge(day, file.fileSizeInBytes(), Long::sum);
                files.computeIfAbsent(day, ignored -> new ArrayList<>())
                        .add(file.location() + ":" + file.fileSizeInBytes() + ":" + file.recordCount());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<LocalDate, String> fingerprints = new TreeMap<>();
        files.forEach((day, list) -> fingerprints.put(day, digest(list)));
        return new DayFiles(bytes, fingerprints);
    }

    private static void checkPartitionedByDay(Table table, String name) {
        List<PartitionField> fields = table.spec().fields();
        Optional<Type> dt = Optional.ofNullable(table.schema().findType("dt"));
        boolean byDay = fields.size() == 1
                && fields.get(0).transform().isIdentity()
                && "dt".equals(table.schema().findColumnName(fields.get(0).sourceId()))
                && dt.map(type -> type.typeId() == Type.TypeID.DATE).orElse(false);
        if (!byDay) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Window steps read tables partitioned by a DATE column dt, and " + name + " is "
                            + (table.spec().isPartitioned()
                                    ? "partitioned by " + table.spec().fields()
                                    : "not partitioned")
                            + "; e.g. CREATE TABLE … PARTITIONED BY (dt) AS SELECT …, CAST(… AS DATE) AS dt");
        }
    }

    private static String digest(List<String> files) {
        List<String> sorted = new ArrayList<>(files);
        Collections.sort(sorted);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : sorted) {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
