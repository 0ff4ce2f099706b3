-- Ingest: which input files were read (by content hash), so the nightly inbox
-- scan skips files it has seen, and which connector read them (provenance).
CREATE TABLE ingest_files (
    dialogue_id     TEXT NOT NULL,
    sha256          TEXT NOT NULL,    -- hash of the file's bytes
    path            TEXT NOT NULL,    -- last path it was read from
    size            BIGINT,
    mtime           DOUBLE,
    connector       TEXT,             -- e.g. survey.csv.v1; NULL when rejected before reading
    ingest_run_id   TEXT NOT NULL,
    ingested_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (dialogue_id, sha256)
);
