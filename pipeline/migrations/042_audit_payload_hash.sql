-- The audit chain covers hashes of the content, not the content itself (issue 12), so that
-- erasure can remove a person's words from an event and `lyhord audit verify` still passes.
--
-- chain_version 1: events written before this migration. Their `hash` covers the content
--   (sha256 of prev_hash + canonical JSON of the whole event, `before`/`after` included) and
--   they keep being verified that way. When erasure redacts one, it first checks the event
--   under that rule, then stores `payload_hash` (of the original content) and `legacy_seal`
--   (binding the row's fields and payload_hash to its hash), which verify checks instead.
-- chain_version 2: `payload_hash` = sha256 of the canonical JSON {"before", "after"}; `hash` =
--   sha256 of prev_hash + canonical JSON of seq, occurred_at, actor, action, dialogue_id,
--   theme_id and payload_hash. Verify checks the payload against payload_hash unless the
--   event is redacted.
-- redacted_at: when erasure replaced `before`/`after` with a marker; payload_hash stays.
ALTER TABLE review_events ADD COLUMN chain_version SMALLINT DEFAULT 1;
ALTER TABLE review_events ADD COLUMN payload_hash TEXT;
ALTER TABLE review_events ADD COLUMN redacted_at TIMESTAMP;
ALTER TABLE review_events ADD COLUMN legacy_seal TEXT;
