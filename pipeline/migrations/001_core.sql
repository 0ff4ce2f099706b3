-- Core schema: the contract between stages. Later migrations add, never rewrite.
-- Number ranges: 001-009 core, 010-019 ingest, 020-029 anonymize, 030-039 themes,
-- 040-049 summaries/review/report, 050-059 web.

CREATE TABLE dialogues (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    question        TEXT,
    purpose         TEXT,             -- why the city asks (policy: participants must know)
    use_of_results  TEXT,             -- how the result will be used
    target_groups   TEXT,
    period_start    DATE,
    period_end      DATE,
    channels        TEXT[],
    owner           TEXT,
    theme_scheme    JSON,             -- list of {id, name, description} or NULL
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE ingest_runs (
    id              TEXT PRIMARY KEY,
    actor           TEXT NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    dialogue_id     TEXT,
    paths           TEXT[],           -- file names as given (no content)
    accepted        INTEGER NOT NULL DEFAULT 0,
    duplicates      INTEGER NOT NULL DEFAULT 0,
    rejected        INTEGER NOT NULL DEFAULT 0,
    skipped_empty   INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'running'
);

-- Restricted: raw resident text and contact details live only here, and only
-- Store.raw() may read it.
CREATE TABLE submissions_raw (
    id              TEXT NOT NULL,    -- stable hash of dialogue, source key and content; unique by
                                      -- construction (anti-joined inserts under one writer), so no
                                      -- index: it would halve bulk-load speed
    dialogue_id     TEXT NOT NULL,
    channel         TEXT NOT NULL,    -- survey | email | webform | map | meeting | sms
    source          TEXT NOT NULL,    -- file name or message origin
    source_ref      TEXT,             -- row, message-id, feature index, paragraph
    source_key      TEXT NOT NULL,    -- what makes this piece unique at its source
    received_at     TIMESTAMP,
    text            TEXT,             -- NULL after erasure or retention purge
    contact_name    TEXT,
    contact_email   TEXT,
    contact_phone   TEXT,
    district        TEXT,
    age_group       TEXT,
    language        TEXT,
    lon             DOUBLE,
    lat             DOUBLE,
    parent_ref      TEXT,             -- meeting id, mail thread
    is_quoted_reply BOOLEAN DEFAULT false,
    attachments     INTEGER DEFAULT 0,
    extra           JSON,
    content_hash    TEXT NOT NULL,
    ingest_run_id   TEXT NOT NULL,
    ingested_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    purged_at       TIMESTAMP         -- when text/contact were erased or purged
);

CREATE TABLE rejects (
    id              TEXT PRIMARY KEY,
    ingest_run_id   TEXT NOT NULL,
    dialogue_id     TEXT,
    source          TEXT NOT NULL,
    position        TEXT,             -- "row 17", "byte 0", "feature 3"
    reason          TEXT NOT NULL,    -- for an analyst; never raw personal data
    quarantine_path TEXT,             -- copy of the rejected input, under data/quarantine
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Anonymized text: what every later stage reads.
CREATE TABLE submissions (
    id              TEXT PRIMARY KEY, -- = submissions_raw.id
    dialogue_id     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    received_at     TIMESTAMP,
    district        TEXT,
    age_group       TEXT,
    language        TEXT,
    lon             DOUBLE,
    lat             DOUBLE,
    parent_ref      TEXT,
    text            TEXT NOT NULL,    -- anonymized
    text_hash       TEXT NOT NULL,    -- hash of anonymized text (embedding cache key)
    anonymizer      TEXT NOT NULL,    -- name@version of the pipeline that made it
    anonymize_run_id TEXT NOT NULL,
    anonymized_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE pii_findings (
    submission_id   TEXT NOT NULL,
    label           TEXT NOT NULL,    -- PERSON, ID_NUMBER, PHONE, EMAIL, ADDRESS, PLATE
    start_pos       INTEGER NOT NULL,
    end_pos         INTEGER NOT NULL,
    detector        TEXT NOT NULL,    -- name@version
    score           DOUBLE,
    run_id          TEXT NOT NULL
);

CREATE TABLE embeddings (
    text_hash       TEXT NOT NULL,
    model           TEXT NOT NULL,    -- embedder name@version
    vector          FLOAT[],
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (text_hash, model)
);

CREATE TABLE theme_runs (
    id              TEXT PRIMARY KEY,
    dialogue_id     TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    kind            TEXT NOT NULL,    -- fit | assign
    model_name      TEXT,
    params          JSON,
    versions        JSON,             -- package versions
    input_fingerprint TEXT,
    n_docs          INTEGER,
    outlier_share   DOUBLE,
    model_path      TEXT,
    parent_run_id   TEXT,
    moved           INTEGER           -- submissions whose theme changed on refit
);

CREATE TABLE themes (
    id              TEXT PRIMARY KEY, -- stable across refits (matched to predecessors)
    dialogue_id     TEXT NOT NULL,
    theme_run_id    TEXT NOT NULL,
    label           TEXT NOT NULL,    -- Swedish label (officials may rename)
    keywords        TEXT[],
    origin          TEXT NOT NULL,    -- scheme | discovered | other
    scheme_id       TEXT,
    parent_id       TEXT,             -- hierarchy: closest group
    size            INTEGER NOT NULL DEFAULT 0,
    share           DOUBLE,
    representative_ids TEXT[],
    breakdowns      JSON,             -- by channel, district, age_group, month
    active          BOOLEAN NOT NULL DEFAULT true,
    merged_into     TEXT,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE theme_assignments (
    submission_id   TEXT NOT NULL,
    dialogue_id     TEXT NOT NULL,
    theme_id        TEXT NOT NULL,
    secondary_theme_id TEXT,
    score           DOUBLE,
    theme_run_id    TEXT NOT NULL,
    assigned_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (submission_id)
);

CREATE TABLE theme_summaries (
    id              TEXT PRIMARY KEY,
    theme_id        TEXT NOT NULL,
    dialogue_id     TEXT NOT NULL,
    version         INTEGER NOT NULL,
    method          TEXT NOT NULL,    -- extractive.v1 | llm.v1
    params          JSON,
    theme_run_id    TEXT,
    sentences       JSON NOT NULL,    -- [{text, citations: [submission ids]}]
    quotes          JSON NOT NULL,    -- [{text, submission_id}]
    stats           JSON,             -- count, share, keywords, differences
    verified        BOOLEAN NOT NULL,
    verification    JSON,
    input_fingerprint TEXT,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Current review state per theme (derived from review_events, kept for speed).
CREATE TABLE theme_reviews (
    theme_id        TEXT PRIMARY KEY,
    dialogue_id     TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'draft', -- draft | approved | edited | rejected
    summary_id      TEXT,
    edited_text     TEXT,
    reason          TEXT,
    response        TEXT,             -- hur synpunkterna beaktats
    needs_rereview  TEXT,             -- why the theme went back to review
    updated_at      TIMESTAMP,
    updated_by      TEXT
);

-- Append-only and hash-chained.
CREATE TABLE review_events (
    seq             BIGINT PRIMARY KEY,
    dialogue_id     TEXT,
    theme_id        TEXT,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    occurred_at     TIMESTAMP NOT NULL,
    before          JSON,
    after           JSON,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);

-- Every flow or stage run, for the analysts' run page and `lyhord status`.
CREATE TABLE pipeline_runs (
    id              TEXT PRIMARY KEY,
    flow            TEXT NOT NULL,
    dialogue_id     TEXT,
    actor           TEXT,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          TEXT NOT NULL,    -- running | completed | failed
    counts          JSON,
    error           TEXT              -- error class and safe message only
);

CREATE TABLE population (
    dialogue_id     TEXT,             -- NULL: applies to every dialogue
    dimension       TEXT NOT NULL,    -- district | age_group
    value           TEXT NOT NULL,
    population      INTEGER NOT NULL
);

CREATE TABLE users (
    name            TEXT PRIMARY KEY,
    role            TEXT NOT NULL,    -- reader | official | analyst | admin
    password_hash   TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    active          BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE erasures (
    id              TEXT PRIMARY KEY,
    occurred_at     TIMESTAMP NOT NULL,
    actor           TEXT NOT NULL,
    kind            TEXT NOT NULL,    -- submission | contact | retention
    submissions     INTEGER NOT NULL  -- how many were erased; never who
);
