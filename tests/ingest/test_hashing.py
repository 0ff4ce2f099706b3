"""The SQL content hash and id equal pipeline.schema's, for any text (issue 2 item 9).

The receiver's one-row path (Python cleaning, issue 11 §5) equals the staged batch's too.
"""

from __future__ import annotations

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.staging import Stager, clean_text, clean_text_sql, fold_sql, insert_record, is_empty
from pipeline.schema import content_hash, submission_id

_CONN = duckdb.connect()
_WS = [
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "a\u0308",
    "\u1100\u1161",
    "\u212b",
    "!?",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x85",
    "\xa0",
    "\u2003",
    "\u2028",
    "\u3000",
    "\u202f",
]
# Characters Python's Unicode tables know (DuckDB's regex tables are newer: U+31350, CJK
# extension H, is a letter there and unassigned in Python 3.11's, which no cleaning can settle).
_ASSIGNED = st.characters(blacklist_categories=("Cs", "Cn"))
texts = st.lists(st.one_of(st.sampled_from(_WS), st.text(alphabet=_ASSIGNED, min_size=1, max_size=8)), max_size=12).map(
    "".join
)


def _sql_ids(text: str, dialogue: str, key: str) -> tuple[str, str]:
    sql = (
        f"SELECT sha256({fold_sql('t')}) AS h, 's-' || left(sha256(? || chr(31) || ? || chr(31) || "
        f"sha256({fold_sql('t')})), 16) FROM (SELECT ?::VARCHAR AS t)"
    )
    return _CONN.execute(sql, [dialogue, key, text]).fetchone()


@settings(max_examples=300, deadline=None)
@given(text=texts, key=st.text(max_size=20), dialogue=st.sampled_from(["standard", "cykelplan-2026", "å"]))
def test_sql_hash_and_id_match_python(text: str, key: str, dialogue: str) -> None:
    chash, ident = _sql_ids(text, dialogue, key)
    assert chash == content_hash(text)
    assert ident == submission_id(dialogue, key, content_hash(text))


def test_fold_handles_every_python_whitespace() -> None:
    text = "  a\u2003\u2003b\x1c\nc\xa0 "
    sql = f"SELECT {fold_sql('t')} FROM (SELECT ?::VARCHAR AS t)"
    assert _CONN.execute(sql, [text]).fetchone()[0] == " ".join(text.split())


def test_clean_text_normalises_to_nfc_and_trims() -> None:
    decomposed = "  Va\u0308stera\u030as\r\nkommun \t"
    sql = f"SELECT {clean_text_sql('t')} FROM (SELECT ?::VARCHAR AS t)"
    assert _CONN.execute(sql, [decomposed]).fetchone()[0] == "Västerås\nkommun"
    assert _CONN.execute(sql, [" \t "]).fetchone()[0] is None


def test_stored_rows_match_submission_model(store, settings, mixed) -> None:
    from ingest_fixtures import raw_rows

    from pipeline.ingest import ingest_paths

    folder, _ = mixed
    ingest_paths(store, [folder], settings=settings, run_id="r")
    rows = raw_rows(store, "SELECT id, dialogue_id, source_key, text, content_hash FROM submissions_raw")
    assert rows
    for ident, dialogue, key, text, chash in rows:
        assert chash == content_hash(text)
        assert ident == submission_id(dialogue, key, chash)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_python_cleaning_matches_sql(text: str) -> None:
    sql = f"SELECT {clean_text_sql('t')}, regexp_matches(coalesce({clean_text_sql('t')}, ''), '[\\pL\\pN\\pS]') "
    cleaned, has_content = _CONN.execute(sql + "FROM (SELECT ?::VARCHAR AS t)", [text]).fetchone()
    assert clean_text(text) == cleaned
    assert (clean_text(text) is not None and not is_empty(clean_text(text))) == has_content


def test_one_row_insert_stores_what_a_staged_batch_stores(tmp_path) -> None:
    from pipeline.settings import Settings
    from pipeline.store import Store

    record = {
        "channel": "webform",
        "source": "http",
        "source_key": "webform:form-1",
        "text": "  Hej!\r\nMer belysning i Ra\u030aby.\u00a0\n\nMvh Fatima \t",
        "district": "Råby",
        "extra": '{"age_group_unrecognised": true}',
    }
    rows = []
    for name in ("batch", "one"):
        with Store.open(Settings(db_path=tmp_path / f"{name}.duckdb")) as store, store.raw_access("test"):
            if name == "batch":
                stager = Stager(store, "standard")
                stager.append_records([record])
                stager.commit_into_raw("r")
            else:
                assert insert_record(store, record, dialogue_id="standard", run_id="r")[1]
                assert not insert_record(store, record, dialogue_id="standard", run_id="r")[1]
            rows.append(
                store.fetchall(
                    "SELECT id, text, content_hash, district, extra::VARCHAR, is_quoted_reply, attachments "
                    "FROM submissions_raw"
                )
            )
    assert rows[0] == rows[1]
    assert rows[0][0][1] == "Hej!\nMer belysning i Råby.\u00a0\n\nMvh Fatima"
