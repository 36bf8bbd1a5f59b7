-- Incremental JDBC sources: the largest value of each source's incremental column landed so far, and
-- the snapshot that landed it. The snapshot's summary carries the same mark, so a run killed between
-- committing and recording here is repaired from the table on the next run.
CREATE TABLE almanac_high_water_marks (
    source_name VARCHAR(200) PRIMARY KEY,
    column_name VARCHAR(200) NOT NULL,
    value_text TEXT NOT NULL,
    snapshot_id BIGINT NOT NULL,
    updated_at VARCHAR(40) NOT NULL
);
