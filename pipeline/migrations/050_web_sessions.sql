-- Web app additions (050-059 belong to the web app).

-- Server-side sessions of the officials' web app. The browser's signed cookie
-- carries a random session id; only its SHA-256 is stored here, so a copy of
-- this table cannot be replayed as cookies. Signing out, a new password, a new
-- role or removing the user deletes the rows, which ends the sessions at once.
CREATE TABLE web_sessions (
    id_hash         TEXT PRIMARY KEY,      -- sha256 hex of the session id
    user_name       TEXT NOT NULL,         -- users.name (no foreign key: users can be removed)
    created_at      TIMESTAMP NOT NULL,    -- UTC; absolute expiry counts from here
    last_seen_at    TIMESTAMP NOT NULL,    -- UTC; idle expiry counts from here
    expires_at      TIMESTAMP NOT NULL     -- UTC; created_at + the absolute lifetime
);
