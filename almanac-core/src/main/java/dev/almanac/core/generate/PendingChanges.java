package dev.almanac.core.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Changes not yet applied. Sessions are generated day by day but overlap midnight, so changes
 * arrive slightly out of time order; they are applied in time order up to each snapshot.
 */
final class PendingChanges<T> {
    private final ToLongFunction<T> time;
    private List<T> pending = new ArrayList<>();

    PendingChanges(ToLongFunction<T> time) {
        this.time = time;
    }

    void add(T change) {
        pending.add(change);
    }

    /** Removes and returns, in time order (ties in arrival order), the changes before {@code cutoff}. */
    List<T> drainBefore(long cutoff) {
        pending.sort(Comparator.comparingLong(time));
        int split = 0;
        while (split < pending.size() && time.applyAsLong(pending.get(split)) < cutoff) {
            split++;
        }
        List<T> drained = new ArrayList<>(pending.subList(0, split));
        pending = new ArrayList<>(pending.subList(split, pending.size()));
        return drained;
    }
}
