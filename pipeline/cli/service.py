"""``lyhord serve`` (the one service), ``lyhord runs``, and forwarding commands to a running service."""

from __future__ import annotations

import getpass
import sys
from typing import Any

import click
import typer

from pipeline.cli.common import get_settings, open_store, print_json
from pipeline.settings import Settings

# Commands that never go through the service: they start it, or work on files only.
LOCAL_COMMANDS = frozenset({"serve", "web", "receive", "demo", "redact", "eval", "train", "init"})
STATUS_WORDS = {
    "completed": "klar",
    "failed": "misslyckades",
    "running": "pågår",
    "refused": "avvisad (en annan körning pågick)",
    "crashed": "avbruten av krasch",
    "interrupted": "avbruten vid avstängning",
}


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``runs`` to ``app``."""
    app.command("serve")(serve)
    app.command("runs")(runs)


def serve(
    ctx: typer.Context,
    port: int = typer.Option(None, "--port", help="Port (standard 8000 eller LYHORD_WEB_PORT)."),
    host: str = typer.Option(None, "--host", help="Adress att lyssna på (standard 127.0.0.1)."),
    secure_cookies: bool = typer.Option(
        None, "--secure-cookies/--insecure-cookies", help="Sessionskakan bara över HTTPS (se `lyhord web`)."
    ),
) -> None:
    """Kör Lyhörd som tjänst: webbapp, formulärmottagare, nattschema och körningar. / Run the service."""
    import uvicorn

    from flows.runner import apply_prefect_environment, execute_flow, start_prefect
    from pipeline.cli.web import cookie_secure
    from pipeline.ingest import receiver
    from pipeline.service.app import create_service, create_service_app
    from pipeline.web import create_app

    apply_prefect_environment()
    _service_logging()
    settings = get_settings(ctx)
    host, port = host or settings.web_host, port or settings.web_port
    _check_port(host, port)
    with open_store(ctx):
        pass  # create and migrate the store before serving
    service = create_service(settings, execute_flow)
    db = str(settings.db_path)
    web_app = create_app(
        settings,
        secure_cookies=cookie_secure(settings, host, secure_cookies),
        run_flow=lambda flow, dialogue_id, actor: _web_run(service, flow, dialogue_id, actor, db),
    )
    app = create_service_app(
        service,
        web_app,
        _receiver_router(receiver, settings),
        in_process_runner(service),
        host=host,
        port=port,
        start_engine=start_prefect,
    )
    typer.echo(
        f"Lyhörd-tjänsten: http://{host}:{port}/ (nattkörning enligt '{settings.nightly_cron}' "
        f"{settings.nightly_timezone}; avsluta med Ctrl+C)"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, timeout_graceful_shutdown=5)


def _check_port(host: str, port: int) -> None:
    import socket

    from pipeline.errors import ConfigError

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise ConfigError(
                f"port {port} på {host} används redan; välj en annan med --port eller LYHORD_WEB_PORT / "
                f"port {port} on {host} is already in use"
            ) from None


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _service_logging() -> None:
    """Log one line per event: time, level, module, message; counts and ids only, never resident text."""
    import logging

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, force=True)
    for noisy in ("httpx", "uvicorn.access", "prefect", "weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _receiver_router(module: Any, settings: Settings) -> Any:
    factory = getattr(module, "create_receiver_router", None)
    return factory(settings) if factory else module.create_receiver_app(settings).router


def _web_run(service: Any, flow: str, dialogue_id: str | None, actor: str, db: str) -> dict[str, Any]:
    run = service.runs.start(flow, dialogue_id=dialogue_id, actor=actor, trigger="web", params={"db": db})
    return {"flow": flow, "dialogue_id": dialogue_id, "run_id": run.run_id, "started": True}


def in_process_runner(service: Any) -> Any:
    """Return ``(argv, stdin, actor) -> (code, stdout, stderr)`` running a CLI command in this process."""
    from pipeline.service import stdio
    from pipeline.service.context import current_service, forwarded_actor

    def run(argv: list[str], stdin: str, actor: str) -> tuple[int, str, str]:
        from pipeline.cli import app

        service_token = current_service.set(service)
        actor_token = forwarded_actor.set(actor)
        args = ["--db", str(service.settings.db_path), *_without_db(argv)]
        try:
            with stdio.captured(stdin) as (out, err):
                code = _invoke(app, args)
            return code, out.getvalue(), err.getvalue()
        finally:
            current_service.reset(service_token)
            forwarded_actor.reset(actor_token)

    return run


def _invoke(app: typer.Typer, args: list[str]) -> int:
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="lyhord", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return int(exc.exit_code)
    except click.exceptions.Abort:
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug; say its class only (messages may quote data)
        sys.stderr.write(f"Fel: internt fel i tjänsten ({type(exc).__name__}); se tjänstens logg\n")
        return 1


def _without_db(argv: list[str]) -> list[str]:
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--db":
            skip = True
            continue
        if not arg.startswith("--db="):
            out.append(arg)
    return out


def runs(
    ctx: typer.Context,
    dialogue: str | None = typer.Option(None, "--dialogue", help="Bara denna dialog."),
    limit: int = typer.Option(20, "--limit", help="Hur många."),
    as_json: bool = typer.Option(False, "--json", help="Skriv JSON."),
) -> None:
    """Visa de senaste körningarna. / List recent runs."""
    from pipeline.runs import recent_runs
    from pipeline.web.i18n import format_run_counts

    with open_store(ctx) as store:
        rows = recent_runs(store, limit=limit, dialogue_id=dialogue)
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("Inga körningar ännu.")
    for r in rows:
        took = f", {(r['finished_at'] - r['started_at']).total_seconds():.0f} s" if r["finished_at"] else ""
        typer.echo(
            f"{r['started_at']:%Y-%m-%d %H:%M}  {r['flow']:<12} {STATUS_WORDS.get(r['status'], r['status'])}{took}"
            f"  ({r.get('trigger') or 'okänd'}, {r['actor'] or '–'}, {r['dialogue_id'] or 'alla dialoger'})"
        )
        for line in format_run_counts(r["counts"]):
            typer.echo(f"    {line}")
        if r["error"]:
            typer.echo(f"    Fel: {r['error']}")


def forward_if_served(argv: list[str], settings: Settings) -> int | None:
    """Forward the command to the running service for this store; None when it should run here."""
    from pipeline.service.client import find_service, forward_cli
    from pipeline.service.context import current_service

    if current_service.get() is not None or _local_only(argv):
        return None
    service = find_service(settings)
    if service is None or service.is_self():
        return None
    stdin = sys.stdin.read() if {"--password-stdin", "--text-stdin", "-"} & set(argv) else ""
    code, out, err = forward_cli(service, _absolute_paths(argv), stdin, _user(settings))
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _local_only(argv: list[str]) -> bool:
    if any(a in ("--help", "-h") for a in argv):
        return True
    words = [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--db")]
    return not words or words[0] in LOCAL_COMMANDS or (words[0] == "themes" and words[1:2] == ["fit"])


def _user(settings: Settings) -> str:
    try:
        return settings.actor or getpass.getuser()
    except Exception:  # noqa: BLE001
        return "lyhord"


def _absolute_paths(argv: list[str]) -> list[str]:
    """Make file arguments absolute: the service does not share this shell's working directory."""
    from pipeline.cli import app

    paths = _path_values(typer.main.get_command(app), argv)
    out = []
    for arg in argv:
        if "=" in arg and arg.startswith("--") and arg.split("=", 1)[1] in paths:
            name, value = arg.split("=", 1)
            out.append(f"{name}={paths[value]}")
        else:
            out.append(paths.get(arg, arg))
    return out


def _path_values(group: Any, argv: list[str]) -> dict[str, str]:
    """Map each path argument given in ``argv`` to its absolute form (by the command's own declarations)."""
    import os

    ctx = None
    cmd: click.Command = group
    args = list(argv)
    try:
        while isinstance(cmd, click.Group):
            ctx = cmd.make_context(cmd.name or "lyhord", args, parent=ctx, resilient_parsing=True)
            rest = [*ctx._protected_args, *ctx.args]  # noqa: SLF001 - click keeps the sub-command here
            if not rest:
                return {}
            _, sub, args = cmd.resolve_command(ctx, rest)
            if sub is None:
                return {}
            cmd = sub
        leaf = cmd.make_context(cmd.name or "", args, parent=ctx, resilient_parsing=True)
    except click.ClickException:
        return {}
    found: dict[str, str] = {}
    for param in cmd.params:
        if not _is_path(param):
            continue
        value = leaf.params.get(param.name or "")
        for v in value if isinstance(value, list | tuple) else [value]:
            if v is not None and str(v) != "-":
                found[str(v)] = os.path.abspath(str(v))
    return found


def _is_path(param: click.Parameter) -> bool:
    name = param.name or ""
    return (
        isinstance(getattr(param, "type", None), click.Path)
        or name in ("paths", "path", "out", "output")
        or name.endswith("_file")
    )
