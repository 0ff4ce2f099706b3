"""Versioned Swedish prompt files for the optional LLM backend."""
