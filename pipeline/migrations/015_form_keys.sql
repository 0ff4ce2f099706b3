-- Ingest: the key a dialogue's web form sends in the X-Lyhord-Form-Key header.
-- One row per dialogue; rotating replaces the key, so the old one stops working at once.
-- Kept as the key itself (admins must be able to show it again); encrypt the store at rest.
CREATE TABLE form_keys (
    dialogue_id     TEXT PRIMARY KEY,
    key             TEXT NOT NULL,
    issued_at       TIMESTAMP NOT NULL,
    issued_by       TEXT NOT NULL
);
