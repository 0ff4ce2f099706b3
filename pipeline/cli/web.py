"""``lyhord web`` (the web app) and ``lyhord users`` (accounts for it)."""

from __future__ import annotations

import sys

import typer

from pipeline.cli.common import get_settings, open_store, print_json
from pipeline.errors import InputError
from pipeline.settings import Settings

users_app = typer.Typer(help="Hantera användare av webbappen. / Manage web app users.", no_args_is_help=True)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(app: typer.Typer) -> None:
    """Add ``web`` and the ``users`` sub-commands to ``app``."""
    app.command("web")(web)
    app.add_typer(users_app, name="users")


def web(
    ctx: typer.Context,
    port: int = typer.Option(None, "--port", help="Port (standard 8000 eller LYHORD_WEB_PORT)."),
    host: str = typer.Option(None, "--host", help="Adress att lyssna på (standard 127.0.0.1)."),
    secure_cookies: bool = typer.Option(
        None,
        "--secure-cookies/--insecure-cookies",
        help=(
            "Skicka sessionskakan bara över HTTPS, med HSTS (standard: LYHORD_WEB_COOKIE_SECURE om den är "
            "satt, annars av på 127.0.0.1 utan betrodda proxyer och på i övrigt)."
        ),
    ),
) -> None:
    """Starta bara webbappen (för att prova; i drift: `lyhord serve`). / Start the web app alone."""
    import uvicorn

    from flows.runner import apply_prefect_environment, execute_flow
    from pipeline.service.runs import RunManager
    from pipeline.store import Store
    from pipeline.web import create_app

    apply_prefect_environment()
    settings = get_settings(ctx)
    host = host or settings.web_host
    port = port or settings.web_port
    db = str(settings.db_path)
    runs = RunManager(lambda: Store.open(settings), execute_flow)

    def run_flow(flow: str, dialogue_id: str | None, actor: str) -> dict:
        run = runs.start(flow, dialogue_id=dialogue_id, actor=actor, trigger="web", params={"db": db})
        return {"flow": flow, "dialogue_id": dialogue_id, "run_id": run.run_id, "started": True}

    app = create_app(settings, secure_cookies=cookie_secure(settings, host, secure_cookies), run_flow=run_flow)
    typer.echo(f"Lyhörd webb: http://{host}:{port}/ (avsluta med Ctrl+C)")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def cookie_secure(settings: Settings, host: str, flag: bool | None) -> bool:
    """Decide whether the session cookie is HTTPS-only.

    The command-line flag wins, then ``LYHORD_WEB_COOKIE_SECURE`` when it is set
    explicitly. Otherwise the cookie is secure except on a loopback address with no
    trusted proxies, where the app is plainly being used over ``http://127.0.0.1``;
    an app behind a reverse proxy (``LYHORD_WEB_TRUSTED_PROXIES``) keeps it secure.
    """
    if flag is not None:
        return flag
    if "web_cookie_secure" in settings.model_fields_set:
        return settings.web_cookie_secure
    return not (host in LOOPBACK and not settings.web_trusted_proxies)


def _read_password(password_stdin: bool) -> str:
    if not password_stdin:
        raise InputError("ange lösenordet på standard in med --password-stdin / pass the password on stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InputError("inget lösenord på standard in / no password on stdin")
    return password


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Användarnamn."),
    role: str = typer.Option(..., "--role", help="reader, official, analyst eller admin."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Läs lösenordet från standard in."),
) -> None:
    """Lägg till en användare. / Add a user."""
    from pipeline.web import users

    password = _read_password(password_stdin)
    with open_store(ctx) as store:
        users.add_user(store, name, role, password, actor=get_settings(ctx).actor)
    typer.echo(f"Användaren {name} ({role}) är skapad.")


@users_app.command("remove")
def users_remove(ctx: typer.Context, name: str = typer.Argument(..., help="Användarnamn.")) -> None:
    """Ta bort en användare. / Remove a user."""
    from pipeline.web import users

    with open_store(ctx) as store:
        users.remove_user(store, name, actor=get_settings(ctx).actor)
    typer.echo(f"Användaren {name} är borttagen.")


@users_app.command("passwd")
def users_passwd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Användarnamn."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Läs lösenordet från standard in."),
) -> None:
    """Byt lösenord för en användare. / Change a user's password."""
    from pipeline.web import users

    password = _read_password(password_stdin)
    with open_store(ctx) as store:
        users.set_password(store, name, password, actor=get_settings(ctx).actor)
    typer.echo(f"Lösenordet för {name} är bytt.")


@users_app.command("list")
def users_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Skriv JSON.")) -> None:
    """Lista användare. / List users."""
    from pipeline.web import users

    with open_store(ctx) as store:
        rows = users.list_users(store)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['name']}\t{row['role']}\t{'aktiv' if row['active'] else 'inaktiv'}")
