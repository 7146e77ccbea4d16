"""What the local stack is made of: its folder, ports, database names and the environment of each process."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "samverka-stack"


@dataclass(frozen=True)
class Stack:
    folder: Path
    port_base: int
    pg_admin_url: str
    redis_url: str
    database: str = "samverka_stack"
    owner_role: str = "samverka_stack_owner"
    app_role: str = "samverka_stack_app"
    system_role: str = "samverka_stack_system"
    backup_role: str = "samverka_stack_backup"
    host: str = "localhost"

    @classmethod
    def from_environment(cls) -> Stack:
        env = os.environ.get
        return cls(
            folder=Path(env("STACK_DIR") or REPO_ROOT / "instance" / "stack").resolve(),
            port_base=int(env("STACK_PORT_BASE") or 18800),
            pg_admin_url=env("STACK_PG_ADMIN_URL") or "postgresql://postgres@127.0.0.1:5432/postgres",
            redis_url=env("STACK_REDIS_URL") or "redis://127.0.0.1:6379/8",
        )

    # Ports: one block of a hundred, so that two stacks (or a stack and the tests) never meet.
    @property
    def https_port(self) -> int:
        return self.port_base + 43

    @property
    def http_port(self) -> int:
        return self.port_base + 80

    @property
    def web_port(self) -> int:
        return self.port_base + 1

    @property
    def eid_port(self) -> int:
        return self.port_base + 11

    @property
    def smtp_port(self) -> int:
        return self.port_base + 25

    @property
    def public_url(self) -> str:
        return f"https://{self.host}:{self.https_port}"

    @property
    def tls_dir(self) -> Path:
        return self.folder / "tls"

    @property
    def logs(self) -> Path:
        return self.folder / "logs"

    @property
    def mail_log(self) -> Path:
        return self.logs / "mail.log"

    def url(self, role: str, driver: str = "+psycopg") -> str:
        host = self.pg_admin_url.split("@", 1)[1].rsplit("/", 1)[0]
        return f"postgresql{driver}://{role}@{host}/{self.database}"

    def secrets(self) -> dict[str, str]:
        """The stack's own secrets: made once, kept in its folder (mode 0600), never in the repository."""
        path = self.folder / "secrets.env"
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            made = {
                "SECRET_KEY": secrets.token_urlsafe(48),
                "IDENTITY_HASH_KEY": secrets.token_urlsafe(48),
                "OIDC_CLIENT_SECRET": secrets.token_urlsafe(32),
            }
            path.touch(mode=0o600)
            path.write_text("".join(f"{key}={value}\n" for key, value in made.items()))
        return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)

    def environment(self) -> dict[str, str]:
        """What /etc/samverka/samverka.env holds on a real host, for this machine."""
        signing = self.folder / "signing"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "SAMVERKA_", "REDIS_"))}
        env.update(self.secrets())
        env.update(
            SAMVERKA_ENV="production",
            SAMVERKA_INSTANCE=str(self.folder / "instance"),
            DATABASE_URL=self.url(self.app_role),
            DATABASE_OWNER_URL=self.url(self.owner_role),
            SYSTEM_DATABASE_URL=self.url(self.system_role),
            BACKUP_DATABASE_URL=self.url(self.backup_role, driver=""),
            APP_DB_ROLE=self.app_role,
            SYSTEM_DB_ROLE=self.system_role,
            REDIS_URL=self.redis_url,
            OIDC_DISCOVERY_URL=f"http://127.0.0.1:{self.eid_port}/.well-known/openid-configuration",
            OIDC_CLIENT_ID=CLIENT_ID,
            PUBLIC_URL=self.public_url,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(self.smtp_port),
            SAMVERKA_BIND=f"127.0.0.1:{self.web_port}",
            WEB_CONCURRENCY="2",
            FORWARDED_ALLOW_IPS="127.0.0.1",
            TRUSTED_PROXY_HOPS="1",
            DOCUMENT_DIR=str(self.folder / "documents"),
            # A development CA stands in for the organisation's signing certificate (made by ``start``).
            SIGNING_CERT_PATH=str(signing / "signing.pem"),
            SIGNING_KEY_PATH=str(signing / "signing-key.pem"),
            SIGNING_CA_PATH=str(signing / "ca.pem"),
            TZ="Europe/Oslo",
        )
        if (signing / "evidence.key").exists():
            env["SIGNATURE_EVIDENCE_KEY"] = (signing / "evidence.key").read_text().strip()
        return env

    def dev_environment(self) -> dict[str, str]:
        """The developer tools' (e-ID provider, mail catcher, demo data): the same settings, never production."""
        return {**self.environment(), "SAMVERKA_ENV": "development"}
