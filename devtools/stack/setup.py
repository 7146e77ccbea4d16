"""What ``start`` prepares before any process: the database and its roles, the migrations, TLS, nginx's files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
from psycopg import sql

from .settings import REPO_ROOT, Stack

SITE = REPO_ROOT / "deploy" / "nginx" / "samverka.conf"
PROXY = REPO_ROOT / "deploy" / "nginx" / "proxy.conf"
BIN = Path(os.environ.get("STACK_VENV_BIN") or REPO_ROOT / ".venv" / "bin")
# The README's roles, under the stack's own names: the owner migrates, the other two own nothing.
LIMITED = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
# deploy/backup's role: reads every row (the tables FORCE row-level security, even on their owner), writes none.
BACKUP = "LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE"


def database(stack: Stack) -> None:
    """Create the roles (owner, app, system, backup) and the database once (as a DBA would); an existing one is kept."""
    with psycopg.connect(stack.pg_admin_url, autocommit=True) as admin:
        for role, options in ((stack.owner_role, "LOGIN"), (stack.app_role, LIMITED), (stack.system_role, LIMITED)):
            if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                admin.execute(sql.SQL("CREATE ROLE {} " + options).format(sql.Identifier(role)))
        if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (stack.backup_role,)).fetchone():
            admin.execute(sql.SQL("CREATE ROLE {} " + BACKUP).format(sql.Identifier(stack.backup_role)))
            admin.execute(sql.SQL("GRANT pg_read_all_data TO {}").format(sql.Identifier(stack.backup_role)))
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (stack.database,)).fetchone():
            admin.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(stack.database), sql.Identifier(stack.owner_role)
                )
            )


def drop_database(stack: Stack) -> None:
    with psycopg.connect(stack.pg_admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(stack.database)))


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip()


def signing(stack: Stack) -> None:
    """The development CA in place of the organisation's signing certificate (production refuses none)."""
    folder = stack.folder / "signing"
    if not (folder / "signing.pem").exists():
        run([str(BIN / "samverka"), "signatures", "dev-ca", str(folder)], stack.dev_environment())


def certificate(stack: Stack) -> None:
    run([str(REPO_ROOT / "deploy" / "make-local-cert"), str(stack.tls_dir), stack.host], dict(os.environ))


def _local_site(stack: Stack) -> str:
    """deploy/nginx/samverka.conf with this machine's ports and paths; a value no longer found is an error."""
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{stack.http_port};",
        "    listen [::]:80;\n": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{stack.https_port} ssl http2;",
        "    listen [::]:443 ssl http2;\n": "",
        "https://$host$request_uri": f"https://$host:{stack.https_port}$request_uri",
        "server_name samverka.example.no;": f"server_name {stack.host};",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{stack.web_port};",
        "/etc/samverka/tls/": f"{stack.tls_dir}/",
        "/opt/samverka/": f"{REPO_ROOT}/",
        "/etc/samverka/nginx-proxy.conf": str(PROXY),
        "/var/log/nginx/samverka.access.log": str(stack.logs / "nginx-access.log"),
    }
    site = SITE.read_text()
    for old, new in replacements.items():
        if old not in site:
            raise SystemExit(f"deploy/nginx/samverka.conf no longer holds {old.strip()!r}: update devtools/stack")
        site = site.replace(old, new)
    return site


def nginx(stack: Stack) -> Path:
    """A main nginx.conf of the stack's own (no root ports, no system paths) that includes the local site."""
    home = stack.folder / "nginx"
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (home / temp).mkdir(parents=True, exist_ok=True)
    stack.logs.mkdir(parents=True, exist_ok=True)
    (home / "samverka.conf").write_text(_local_site(stack))
    temp_paths = "".join(f"    {kind}_temp_path {home / temp};\n" for kind, temp in _TEMP)
    (home / "nginx.conf").write_text(
        f"""# Made by deploy/stack: the local stack's nginx. The site is deploy/nginx/samverka.conf, localised.
daemon off;
worker_processes 1;
pid {home / "nginx.pid"};
error_log {stack.logs / "nginx-error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {stack.logs / "nginx-access.log"};
{temp_paths}    include {home / "samverka.conf"};
}}
"""
    )
    return home / "nginx.conf"


_TEMP = (("client_body", "body"), ("proxy", "proxy"), ("fastcgi", "fastcgi"), ("uwsgi", "uwsgi"), ("scgi", "scgi"))
