"""Themes: guided and discovered topic modelling over anonymized submissions.

Public API:

* :func:`update_themes` – the stage: fit or incrementally assign per dialogue.
* :func:`make_theme_model` – the BERTopic factory with every sub-model explicit.
* :func:`fit_themes` / :func:`assign_themes` – the in-memory algorithm.
"""

from pipeline.themes.assign import assign_themes
from pipeline.themes.fit import fit_themes
from pipeline.themes.model import make_theme_model
from pipeline.themes.stage import update_themes

__all__ = ["assign_themes", "fit_themes", "make_theme_model", "update_themes"]
