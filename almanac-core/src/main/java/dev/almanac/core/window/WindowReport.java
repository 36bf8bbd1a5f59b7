package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one run of a window step did: the window, the days whose partial states it computed and
 * those it reused, the source days that had no data, the plan per aggregate, the bytes the chosen
 * plan was estimated to read against the alternative, and the rows written.
 */
public record WindowReport(
        String target,
        DayRange window,
        List<LocalDate> daysComputed,
        List<LocalDate> daysReused,
        List<LocalDate> missingDays,
        List<AggregatePlan> plans,
        long bytesEstimated,
        long bytesFoldEstimated,
        long dailyRowsWritten,
        long rowsWritten,
        Optional<Long> snapshotId) {
    public WindowReport {
        requireNonNull(target, "target is null");
        requireNonNull(window, "window is null");
        daysComputed = List.copyOf(daysComputed);
        daysReused = List.copyOf(daysReused);
        missingDays = List.copyOf(missingDays);
        plans = List.copyOf(plans);
        requireNonNull(snapshotId, "snapshotId is null");
    }

    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(target).append(" over ").append(window).append(": ");
        text.append(daysComputed.size())
                .append(" days computed, ")
                .append(daysReused.size())
                .append(" reused");
        if (!missingDays.isEmpty()) {
            text.append(", ")
                    .append(missingDays.size())
                    .append(" without source data (")
                    .append(missingDays.stream()
                            .limit(5)
                            .map(LocalDate::toString)
                            .collect(Collectors.joining(", ")))
                    .append(missingDays.size() > 5 ? ", …" : "")
                    .append(")");
        }
        text.append("; ").append(rowsWritten).append(" rows written; plan: ");
        text.append(plans.stream().map(AggregatePlan::toString).collect(Collectors.joining("; ")));
        text.append("; estimated bytes read ")
                .append(bytesEstimated)
                .append(" (folding all days: ")
                .append(bytesFoldEstimated)
                .append(")");
        return text.toString();
    }
}
