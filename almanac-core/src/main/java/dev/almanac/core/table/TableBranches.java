package dev.almanac.core.table;

import dev.almanac.core.catalog.TableName;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.Optional;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Publishes and discards staged writes: a staging branch holds a table's audited-but-unpublished
 * snapshots; publishing moves {@code main} to the branch's head in one metadata commit and removes
 * the branch, discarding only removes it.
 */
public final class TableBranches {
    private TableBranches() {}

    /** The snapshot {@code branch} points at, if the table has that branch. */
    public static Optional<Snapshot> head(Table table, String branch) {
        return Optional.ofNullable(table.snapshot(branch))
                .filter(snapshot -> table.refs().containsKey(branch));
    }

    /**
     * Moves {@code main} to the head of {@code branch} and removes the branch, in one commit. Main
     * must not have moved since the branch left it: a writer that changed main meanwhile makes
     * this fail with CONCURRENT_WRITE, and nothing is published. Returns the published snapshot,
     * or empty when the table has no such branch.
     */
    public static Optional<Long> publish(TableName name, Table table, String branch) {
        table.refresh();
        Optional<Snapshot> head = head(table, branch);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        ManageSnapshots update = table.manageSnapshots();
        try {
            if (table.refs().containsKey(SnapshotRef.MAIN_BRANCH)) {
                update.fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch);
            } else {
                update.setCurrentSnapshot(head.get().snapshotId());
            }
            update.removeBranch(branch).commit();
        } catch (IllegalArgumentException | ValidationException | CommitFailedException e) {
            throw new AlmanacException(
                    ErrorCode.CONCURRENT_WRITE,
                    "Could not publish the staged writes to " + name + ": another writer changed it meanwhile ("
                            + e.getMessage() + "); production is unchanged. Run the pipeline for the date again"
                            + " (without --resume).",
                    e);
        }
        return Optional.of(head.get().snapshotId());
    }

    /**
     * The newest snapshot on {@code ref} (walking back from its head, and stopping before {@code
     * stopAt} when given) whose summary has {@code key = value}: whether a tagged write already
     * landed there.
     */
    public static Optional<Snapshot> findTagged(
            Table table, String ref, Optional<Long> stopAt, String key, String value) {
        Snapshot head = table.snapshot(ref);
        if (head == null || !table.refs().containsKey(ref)) {
            return Optional.empty();
        }
        for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
            if (stopAt.isPresent() && stopAt.get() == snapshot.snapshotId()) {
                return Optional.empty();
            }
            if (value.equals(snapshot.summary().get(key))) {
                return Optional.of(snapshot);
            }
        }
        return Optional.empty();
    }

    /** Removes {@code branch} and with it the staged snapshots only it refers to; true if there was one. */
    public static boolean discard(Table table, String branch) {
        table.refresh();
        if (!table.refs().containsKey(branch)) {
            return false;
        }
        table.manageSnapshots().removeBranch(branch).commit();
        return true;
    }
}
