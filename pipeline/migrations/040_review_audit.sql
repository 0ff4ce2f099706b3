-- Review and audit additions (040-049 belong to summaries/review/report).

-- The newest link of the review_events hash chain, written in the same
-- transaction as each event. Deleting the last event(s) leaves the chain
-- internally consistent; comparing it with this head exposes the truncation.
CREATE TABLE review_audit_head (
    id              INTEGER PRIMARY KEY,   -- always 1
    seq             BIGINT NOT NULL,
    hash            TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
