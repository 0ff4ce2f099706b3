"""Dialogue ids: theme ids are built from them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("bad", ["vasteras/trygg-stadsdel", "", "  ", "rad\nbrytning"])
def test_dialogue_id_with_a_slash_is_refused_with_a_fix(store, bad):
    """Issue 12: theme ids are '<dialogue>/<key>', so a '/' in a dialogue id would make them ambiguous."""
    from pipeline.dialogues import Dialogue, create_dialogue
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="'/'"):
        create_dialogue(store, Dialogue(id=bad, title="Trygg stadsdel"))
