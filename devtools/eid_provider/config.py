"""What a development e-ID provider is started with: clients, personas, claim profile.

Everything is frozen so a running provider cannot be reconfigured behind the
back of the app that discovered it; a mistake in the configuration is raised
at start-up rather than showing up as a confusing failure half-way through a
login.
"""

from __future__ import annotations

from dataclasses import dataclass

CLAIM_PROFILES = ("idporten", "se_broker")

# ID-porten sends an 11-digit fødselsnummer; Swedish brokers a 12-digit personnummer.
PID_LENGTH = {"idporten": 11, "se_broker": 12}


@dataclass(frozen=True)
class Persona:
    """A ready-made test person offered as a one-click choice on the login page."""

    pid: str
    name: str
    locale: str = "nb"
    # What the login page shows beside the name (the demo's role and municipality); never a claim, so that a
    # signature or a history names the person, not the demo's description of them.
    note: str = ""


@dataclass(frozen=True)
class Client:
    """A relying party allowed to log users in; redirect URIs are matched exactly."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProviderConfig:
    """Everything the provider needs; ``issuer=""`` lets serve_in_thread fill in the bound port."""

    issuer: str
    clients: tuple[Client, ...]
    personas: tuple[Persona, ...] = ()
    claim_profile: str = "idporten"
    signing_key_pem: str | None = None
    id_token_lifetime: int = 600
    code_lifetime: int = 60


def is_valid_pid(pid: str, claim_profile: str) -> bool:
    """Check only the shape: synthetic test numbers often fail the real checksum."""
    return pid.isascii() and pid.isdigit() and len(pid) == PID_LENGTH[claim_profile]


def validate_config(config: ProviderConfig) -> None:
    """Raise ValueError for a configuration that would break logins later."""
    _validate_issuer(config.issuer)
    if config.claim_profile not in CLAIM_PROFILES:
        raise ValueError(f"claim_profile must be one of {CLAIM_PROFILES}")
    if config.id_token_lifetime <= 0 or config.code_lifetime <= 0:
        raise ValueError("id_token_lifetime and code_lifetime must be positive")
    _validate_clients(config.clients)
    for persona in config.personas:
        if not is_valid_pid(persona.pid, config.claim_profile):
            digits = PID_LENGTH[config.claim_profile]
            raise ValueError(f"persona {persona.name!r}: pid must be {digits} digits")


def _validate_issuer(issuer: str) -> None:
    # The issuer is compared byte for byte by clients, so a trailing slash matters.
    if not issuer.startswith(("http://", "https://")) or issuer.endswith("/"):
        raise ValueError("issuer must be an http(s) URL without a trailing slash")


def _validate_clients(clients: tuple[Client, ...]) -> None:
    if not clients:
        raise ValueError("at least one client is required")
    ids = [client.client_id for client in clients]
    if len(set(ids)) != len(ids):
        raise ValueError("client_id values must be unique")
    for client in clients:
        if not client.client_id or not client.client_secret or not client.redirect_uris:
            raise ValueError(f"client {client.client_id!r} needs an id, a secret and a redirect URI")
