"""The web app for officials and analysts: ``create_app(settings, run_flow=...)``."""

from pipeline.web.app import create_app

__all__ = ["create_app"]
