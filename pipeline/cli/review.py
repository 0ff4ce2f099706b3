"""Review, report, feedback, export and audit commands.

Every command calls the same functions as the web app (``pipeline.review``,
``pipeline.report``); no rule is implemented here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pipeline.cli.common import export_app, get_settings, open_store, print_json
from pipeline.errors import InputError, LyhordError

review_app = typer.Typer(help="Granska teman. / Review themes.", no_args_is_help=True)
audit_app = typer.Typer(help="Granskningsloggen. / The audit log.", no_args_is_help=True)
population_app = typer.Typer(help="Befolkningsuppgifter. / Population figures.", no_args_is_help=True)

AS_HELP = "Vem som granskar (standard: LYHORD_ACTOR eller inloggad användare)."


class AuditBrokenError(LyhordError):
    """The review_events hash chain does not verify."""

    exit_code = 3


def register(app: typer.Typer) -> None:
    """Add review, report, feedback, export submissions, audit and population commands to ``app``."""
    app.add_typer(review_app, name="review")
    app.add_typer(audit_app, name="audit")
    app.add_typer(population_app, name="population")
    app.command("report")(report)
    app.command("feedback")(feedback)
    export_app.command("submissions")(export_submissions_cmd)


def _actor(ctx: typer.Context, actor: str | None) -> str:
    return actor or get_settings(ctx).actor


def _read_text(text: str | None, text_file: Path | None, what: str) -> str:
    if (text is None) == (text_file is None):
        raise InputError(f"give the {what} with exactly one of --text or --text-file")
    if text_file is not None:
        try:
            return text_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {str(text_file)!r}: {exc.strerror}") from None
    return str(text)


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    dialogue: str = typer.Argument(..., help="Dialogens id."),
    as_json: bool = typer.Option(False, "--json", help="Skriv JSON: [{theme_id, label, status}]."),
    approved_only: bool = typer.Option(False, "--approved-only", help="Bara godkända och redigerade teman."),
) -> None:
    """Lista en dialogs teman och deras granskningsstatus. / List themes and their review status."""
    from pipeline.dialogues import get_dialogue
    from pipeline.review import list_themes

    with open_store(ctx) as store:
        get_dialogue(store, dialogue)
        rows = list_themes(store, dialogue, include_drafts=not approved_only)
    if as_json:
        print_json([{"theme_id": r["theme_id"], "label": r["label"], "status": r["status"]} for r in rows])
        return
    for r in rows:
        flag = "" if r["verified"] in (True, None) else "  [ej verifierad]"
        again = "  [granska igen]" if r["needs_rereview"] else ""
        typer.echo(f"{r['theme_id']:<28} {r['status']:<9} {r['size']:>6}  {r['label']}{flag}{again}")


@review_app.command("show")
def review_show(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temats id."),
    as_json: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Visa ett tema: sammanfattning, citat, status och historik. / Show one theme."""
    from pipeline.review import get_theme

    with open_store(ctx) as store:
        theme = get_theme(store, theme_id)
    if as_json:
        print_json(theme)
        return
    t, summary = theme["theme"], theme["summary"] or {}
    typer.echo(f"{t['label']} ({t['id']}) – status: {theme['status']}, {t['size']} synpunkter")
    if theme["review"].get("needs_rereview"):
        typer.echo(f"Granska igen: {theme['review']['needs_rereview']}")
    typer.echo(f"Verifierad: {'ja' if summary.get('verified') else 'nej'}  (metod {summary.get('method')})")
    for s in summary.get("sentences", []):
        typer.echo(f"- {s['text']} [{', '.join(s['citations'])}]")
    for q in summary.get("quotes", []):
        typer.echo(f"  ”{q['text']}” [{q['submission_id']}]")
    if theme["edited_text"]:
        typer.echo(f"Redigerad text:\n{theme['edited_text']}")
    if theme["review"].get("response"):
        typer.echo(f"Svar: {theme['review']['response']}")


@review_app.command("approve")
def review_approve(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temats id."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Godkänn temats sammanfattning. / Approve the theme's summary."""
    from pipeline.review import approve

    with open_store(ctx) as store:
        approve(store, theme_id, actor=_actor(ctx, actor))
    typer.echo(f"Godkänt: {theme_id}")


@review_app.command("edit")
def review_edit(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temats id."),
    text_file: Path = typer.Option(..., "--text-file", help="Fil med den redigerade texten (UTF-8)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Ersätt sammanfattningen med egen text; den genererade sparas. / Edit the summary."""
    from pipeline.review import edit

    with open_store(ctx) as store:
        edit(store, theme_id, _read_text(None, text_file, "edited text"), actor=_actor(ctx, actor))
    typer.echo(f"Redigerat: {theme_id}")


@review_app.command("reject")
def review_reject(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temats id."),
    reason: str = typer.Option(..., "--reason", help="Varför temat avvisas."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Avvisa temat med ett skäl. / Reject the theme with a reason."""
    from pipeline.review import reject

    with open_store(ctx) as store:
        reject(store, theme_id, reason=reason, actor=_actor(ctx, actor))
    typer.echo(f"Avvisat: {theme_id}")


@review_app.command("respond")
def review_respond(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temats id."),
    text: str | None = typer.Option(None, "--text", help="Svaret: hur synpunkterna beaktats."),
    text_file: Path | None = typer.Option(None, "--text-file", help="Fil med svaret (UTF-8)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Skriv kommunens svar: hur synpunkterna beaktats. / Write the city's response."""
    from pipeline.review import respond

    with open_store(ctx) as store:
        respond(store, theme_id, _read_text(text, text_file, "response"), actor=_actor(ctx, actor))
    typer.echo(f"Svar sparat: {theme_id}")


@review_app.command("rename")
def review_rename(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temats id."),
    label: str = typer.Argument(..., help="Det nya namnet."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Byt namn på ett tema. / Rename a theme."""
    from pipeline.review import rename

    with open_store(ctx) as store:
        rename(store, theme_id, label, actor=_actor(ctx, actor))
    typer.echo(f"Nytt namn: {theme_id}")


@review_app.command("merge")
def review_merge(
    ctx: typer.Context,
    theme_ids: list[str] = typer.Argument(..., help="Teman som ska slås samman."),
    into: str = typer.Option(..., "--into", help="Temat de slås samman till."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Slå samman teman. / Merge themes."""
    from pipeline.review import merge

    with open_store(ctx) as store:
        result = merge(store, theme_ids, into, actor=_actor(ctx, actor))
    typer.echo(f"Sammanslaget till {into}: {result['size']} synpunkter")


@review_app.command("split")
def review_split(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temat som ska delas."),
    label: str = typer.Option(..., "--label", help="Namn på det nya temat."),
    ids_file: Path = typer.Option(..., "--ids-file", help="Fil med ett synpunkts-id per rad att flytta."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Dela ett tema: flytta synpunkter till ett nytt tema. / Split a theme."""
    from pipeline.review import split

    ids = [line.strip() for line in _read_text(None, ids_file, "ids").splitlines() if line.strip()]
    with open_store(ctx) as store:
        result = split(store, theme_id, ids, label, actor=_actor(ctx, actor))
    typer.echo(f"Nytt tema {result['new_theme_id']}: {result['moved']} synpunkter")


@review_app.command("move")
def review_move(
    ctx: typer.Context,
    theme_id: str = typer.Argument(..., help="Temat synpunkterna ligger i nu."),
    into: str = typer.Option(..., "--into", help="Temat de ska flyttas till."),
    ids_file: Path = typer.Option(..., "--ids-file", help="Fil med ett synpunkts-id per rad att flytta."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Flytta synpunkter till ett annat tema. / Move submissions to another theme."""
    from pipeline.review import move

    ids = [line.strip() for line in _read_text(None, ids_file, "ids").splitlines() if line.strip()]
    with open_store(ctx) as store:
        result = move(store, theme_id, ids, into, actor=_actor(ctx, actor))
    typer.echo(f"{result['moved']} synpunkter flyttade till {result['new_theme_id']}")


@review_app.command("hide")
def review_hide(
    ctx: typer.Context,
    submission_id: str = typer.Argument(..., help="Synpunktens id."),
    kind: str = typer.Option("namn", "--kind", help="namn, adress, telefon, e-post, personnummer eller regnr."),
    text_stdin: bool = typer.Option(False, "--text-stdin", help="Läs uppgiften från standard in (krävs)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Dölj en personuppgift som anonymiseringen missade. / Hide a detail the anonymizer missed.

    The detail is read from stdin, never from the command line, so it stays out of shell history.
    """
    from pipeline.review.hide import hide

    if not text_stdin:
        raise InputError("skriv uppgiften på standard in och ange --text-stdin / pipe the detail in with --text-stdin")
    fragment = sys.stdin.readline().strip()
    with open_store(ctx) as store:
        result = hide(store, submission_id, fragment, kind=kind, actor=_actor(ctx, actor))
    again = f"; {len(result['themes'])} teman sammanfattas om och granskas igen" if result["themes"] else ""
    typer.echo(f"Dolt på {result['occurrences']} ställen i {result['submission_id']}{again}")


def report(
    ctx: typer.Context,
    dialogue: str = typer.Argument(..., help="Dialogens id."),
    fmt: str = typer.Option("html", "--format", "-f", help="html, pdf, docx, xlsx eller json."),
    out: Path = typer.Option(..., "--output", "-o", help="Fil att skriva."),
) -> None:
    """Skriv redovisningen av invånardialogen (bara godkända teman). / Write the decision-basis report."""
    from pipeline.report import write_report

    with open_store(ctx) as store:
        path = write_report(store, dialogue, fmt, out)
    typer.echo(f"Rapporten är skriven: {path}")


def feedback(
    ctx: typer.Context,
    dialogue: str = typer.Argument(..., help="Dialogens id."),
    out: Path = typer.Option(..., "--output", "-o", help="HTML-fil att skriva."),
) -> None:
    """Skriv återkopplingssidan "Det här sa ni – det här gör vi". / Write the residents' feedback page."""
    from pipeline.report import build_feedback_html

    with open_store(ctx) as store:
        html = build_feedback_html(store, dialogue)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    typer.echo(f"Återkopplingssidan är skriven: {out}")


def export_submissions_cmd(
    ctx: typer.Context,
    dialogue: str = typer.Argument(..., help="Dialogens id."),
    out: Path = typer.Option(..., "--output", "-o", help="JSONL-fil att skriva."),
) -> None:
    """Exportera anonymiserade synpunkter som JSONL. / Export anonymized submissions as JSONL."""
    from pipeline.report import export_submissions

    with open_store(ctx) as store:
        n = export_submissions(store, dialogue, out)
    typer.echo(f"{n} synpunkter exporterade till {out}")


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Kontrollera att granskningsloggen är oförändrad (hashkedjan). / Verify the audit hash chain."""
    from pipeline.review import verify_audit

    with open_store(ctx) as store:
        result = verify_audit(store)
    if as_json:
        print_json({"ok": result.ok, "events": result.events, "problems": result.problems})
    if not result.ok:
        if not as_json:
            for problem in result.problems:
                typer.echo(problem, err=True)
        raise AuditBrokenError(
            f"granskningsloggen är manipulerad / the audit chain is broken ({len(result.problems)} problem(s))"
        )
    if not as_json:
        typer.echo(f"Granskningsloggen är hel: {result.events} händelser verifierade.")


@population_app.command("load")
def population_load(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV med kolumnerna dimension,value,population."),
    dialogue: str | None = typer.Option(None, "--dialogue", help="Gäller bara denna dialog (standard: alla)."),
) -> None:
    """Läs in befolkningsuppgifter per stadsdel och åldersgrupp. / Load population figures."""
    from pipeline.report import load_population_csv

    with open_store(ctx) as store:
        n = load_population_csv(store, path, dialogue)
    typer.echo(f"{n} rader befolkningsuppgifter inlästa.")
