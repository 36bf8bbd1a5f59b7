-- One row per (pipeline, step, run date): the latest attempt's status, timings, rows and error.
CREATE TABLE almanac_step_runs (
    pipeline_name VARCHAR(200) NOT NULL,
    step_name VARCHAR(200) NOT NULL,
    run_date VARCHAR(10) NOT NULL,
    status VARCHAR(20) NOT NULL,
    attempts INTEGER NOT NULL,
    started_at VARCHAR(40) NOT NULL,
    finished_at VARCHAR(40),
    rows_written BIGINT,
    snapshot_id BIGINT,
    error_text TEXT,
    PRIMARY KEY (pipeline_name, step_name, run_date)
);
