-- Exactly-once ingestion: one row per source file, the data files each load attempt (claim) wrote,
-- and leases that keep two processes from working on the same thing at once.
CREATE TABLE almanac_ingested_files (
    source_name VARCHAR(200) NOT NULL,
    path VARCHAR(2000) NOT NULL,
    size_bytes BIGINT NOT NULL,
    modified_at VARCHAR(40) NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    status VARCHAR(20) NOT NULL,
    claim VARCHAR(40) NOT NULL,
    attempts INTEGER NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    snapshot_id BIGINT,
    error_text TEXT,
    updated_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (source_name, path)
);

CREATE TABLE almanac_ingested_data_files (
    claim VARCHAR(40) NOT NULL,
    source_name VARCHAR(200) NOT NULL,
    path VARCHAR(2000) NOT NULL,
    table_name VARCHAR(512) NOT NULL,
    data_file VARCHAR(2000) NOT NULL,
    PRIMARY KEY (claim, path, table_name, data_file)
);

CREATE INDEX almanac_ingested_data_files_by_path ON almanac_ingested_data_files (source_name, path);

CREATE TABLE almanac_leases (
    name VARCHAR(300) NOT NULL PRIMARY KEY,
    owner VARCHAR(300) NOT NULL,
    expires_at_millis BIGINT NOT NULL
);
