"""Theme summaries: extractive by default, optional LLM, every citation verified."""

from pipeline.summaries.stage import build_summary, summarize, summarize_themes
from pipeline.summaries.verify import verify_content, verify_summary

__all__ = ["build_summary", "summarize", "summarize_themes", "verify_content", "verify_summary"]
