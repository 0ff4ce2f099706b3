"""A running service keeps its own templates when a newer Lyhörd is installed beside it."""

from __future__ import annotations

from pathlib import Path


def test_a_template_changed_on_disk_does_not_reach_a_preloaded_environment(tmp_path: Path) -> None:
    """An upgrade wrote templates that use a filter the running code lacks ("No filter named …")."""
    from fastapi.templating import Jinja2Templates

    from pipeline.web.context import preload_templates

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "theme.html").write_text("Tema {{ label }}", encoding="utf-8")
    templates = Jinja2Templates(directory=str(folder))
    assert preload_templates(templates.env) == 1
    (folder / "theme.html").write_text("Tema {{ label | filter_from_a_newer_version }}", encoding="utf-8")
    assert templates.env.get_template("theme.html").render(label="Trygghet/belysning") == "Tema Trygghet/belysning"


def test_the_web_app_compiles_every_template_when_it_starts(app) -> None:
    from pipeline.web.context import templates

    names = templates.env.list_templates()
    assert len(names) > 10 and templates.env.auto_reload is False
    cached = {key[1] for key in templates.env.cache}
    assert set(names) <= cached
