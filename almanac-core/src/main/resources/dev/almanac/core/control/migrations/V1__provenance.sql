-- Provenance of every table commit: who wrote what, from which inputs, at what cost.
-- Written in SQL that SQLite and PostgreSQL both accept; times are ISO-8601 UTC text.
CREATE TABLE almanac_provenance (
    table_name VARCHAR(512) NOT NULL,
    snapshot_id BIGINT NOT NULL,
    operation VARCHAR(40) NOT NULL,
    principal VARCHAR(200) NOT NULL,
    started_at VARCHAR(40) NOT NULL,
    committed_at VARCHAR(40) NOT NULL,
    duration_millis BIGINT NOT NULL,
    rows_written BIGINT NOT NULL,
    bytes_written BIGINT NOT NULL,
    files_written BIGINT NOT NULL,
    bytes_read BIGINT NOT NULL,
    sql_text TEXT NOT NULL,
    input_snapshots TEXT NOT NULL,
    PRIMARY KEY (table_name, snapshot_id)
);

CREATE INDEX almanac_provenance_by_time ON almanac_provenance (committed_at);
