"""Lyhörd: text analysis for citizen dialogue in Swedish municipalities.

The library never imports Prefect; flows in ``flows/`` wrap its stages.
"""

__version__ = "0.1.0"
