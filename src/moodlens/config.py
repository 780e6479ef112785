"""One settings object for the whole app, read from `MOODLENS_*` environment variables."""

from __future__ import annotations

import ipaddress
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says which setting to fix."""


class OidcProviderSettings(BaseModel):
    """One OpenID Connect provider users may sign in with (e.g. an institute's SSO)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", description="Short id used in URLs.")
    name: str = Field(min_length=1, max_length=80, description="Shown on the sign-in page.")
    issuer: str = Field(description="Issuer URL; discovery is read from it.")
    client_id: str
    client_secret: str


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MOODLENS_", extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        "development", description="Deployment environment; production refuses unsafe defaults."
    )
    host: str = Field("127.0.0.1", description="Address the web server binds to.")
    port: int = Field(8000, description="Port the web server listens on.")
    var_dir: Path = Field(Path("var"), description="Folder for the SQLite file, secret and files.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy async URL. Default: SQLite file var/moodlens.db. "
        "PostgreSQL: postgresql+psycopg://user@host:5432/db",
    )
    redis_url: str | None = Field(
        None,
        description="Redis URL; when set, jobs go to Redis workers and rate limits are shared.",
    )
    job_reclaim_seconds: int = Field(
        60,
        ge=1,
        description="Redis mode: a job a worker took but did not finish (the worker died) goes "
        "to another worker after this many seconds; a job running longer may start twice.",
    )
    pending_jobs_retry_seconds: float = Field(
        15.0,
        gt=0,
        description="Redis mode: jobs enqueued while Redis was unreachable wait in the database "
        "and are sent this often once it answers again.",
    )
    secret_key: str | None = Field(
        None,
        description="Signing key for access tokens. Development generates one under var/; "
        "required in production.",
    )
    access_token_minutes: int = Field(15, description="Lifetime of a JWT access token.")
    refresh_token_days: int = Field(30, description="Lifetime of a refresh token family.")
    login_attempts_per_account: int = Field(
        5, description="Failed logins per account in the rate-limit window before 429."
    )
    login_attempts_per_client: int = Field(
        20, description="Login attempts per client address in the rate-limit window before 429."
    )
    login_window_seconds: int = Field(300, description="Login rate-limit window.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For header "
        "names the client for per-client limits. Default none: the connecting address counts.",
    )
    max_body_bytes: int = Field(
        1_000_000, description="Largest JSON request body accepted (uploads have their own limit)."
    )
    max_upload_bytes: int = Field(50_000_000, description="Largest audio/recording upload.")
    storage_dir: Path | None = Field(None, description="Local file storage. Default: var/storage.")
    web_dist: Path = Field(Path("web/dist"), description="Built web client served at /.")
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Extra browser origins allowed for the live WebSocket (same origin always is).",
    )
    log_level: str = Field("INFO", description="Python log level.")
    asr_workers: int = Field(
        2,
        description="Speech recognitions run at once (threads of one recognition process "
        "sharing the model weights; 2 suits a 2-core machine).",
    )
    asr_redis_url: str | None = Field(
        None,
        description="Redis (its own, persistence off) of a recogniser fleet: when set, speech "
        "is recognised by `moodlens asr-worker` processes instead of inside the API process.",
    )
    asr_throttle_s_per_audio_s: float = Field(
        0.0,
        ge=0,
        description="Testing only: each recognition worker sleeps this long per second of "
        "speech after recognising it (a deliberately slow pool for overload tests and benches).",
    )
    analyze_max_seconds: float = Field(
        900.0, description="Longest recording `analyze-audio` and /v1/analyze/audio accept."
    )
    hard_delete_grace_days: int = Field(
        7, description="Days between soft delete and the hard-delete job."
    )
    overdue_session_grace_minutes: int = Field(
        15,
        ge=0,
        description="Minutes past a live session's time budget before the hourly sweep ends it "
        "and builds its report.",
    )
    llm_url: str | None = Field(
        None, description="OpenAI-compatible endpoint used to phrase follow-ups (off when unset)."
    )
    llm_model: str | None = Field(None, description="Model name sent to the LLM endpoint.")
    demo_password: str | None = Field(
        None, description="Password for the demo account; generated and printed when unset."
    )
    oidc_providers: list[OidcProviderSettings] = Field(
        default_factory=list,
        description='OpenID Connect sign-in providers, as JSON: `[{"id": "campus", "name": '
        '"Campus SSO", "issuer": "https://sso.example.edu", "client_id": "...", '
        '"client_secret": "..."}]`. Register `<public URL>/login/oidc/callback` with each.',
    )
    public_url: str | None = Field(
        None,
        description="The address browsers use (e.g. https://coach.example.edu); sign-in "
        "redirects are built from it. Default: the address of each request.",
    )

    @model_validator(mode="after")
    def _unique_provider_ids(self) -> Settings:
        ids = [p.id for p in self.oidc_providers]
        if len(set(ids)) != len(ids):
            raise ConfigError(f"MOODLENS_OIDC_PROVIDERS repeats a provider id: {ids}")
        return self

    @model_validator(mode="after")
    def _production_needs_secret(self) -> Settings:
        if self.env == "production" and not self.secret_key:
            raise ConfigError(
                "MOODLENS_SECRET_KEY must be set when MOODLENS_ENV=production "
                "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @model_validator(mode="after")
    def _proxies_are_addresses(self) -> Settings:
        for entry in self.trusted_proxies:
            try:
                ipaddress.ip_network(entry.strip(), strict=False)
            except ValueError:
                raise ConfigError(
                    f"MOODLENS_TRUSTED_PROXIES: {entry!r} is not an IP address or CIDR network "
                    '(example: ["10.0.0.0/8", "127.0.0.1"])'
                ) from None
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.var_dir / 'moodlens.db').resolve()}"

    @property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or self.var_dir / "storage"

    def signing_key(self) -> str:
        """The explicit secret, or a development secret generated once and kept under var/."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
