"""Command line: run a development e-ID provider in the foreground.

    python -m samverka.devtools.eid_provider --port 5001 \\
        --client-id samverka --client-secret dev-secret \\
        --redirect-uri http://127.0.0.1:5000/auth/callback \\
        --persona "01017012345|Kari Nordmann, coordinator, Kongsbergregionen"
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from samverka.devtools.guard import refuse_in_production

from .config import CLAIM_PROFILES, Client, Persona, ProviderConfig
from .serving import bind_provider


def parse_persona(value: str) -> Persona:
    """Parse "PID|Name" or "PID|Name|locale" (names contain commas, hence the bar)."""
    parts = [part.strip() for part in value.split("|")]
    if len(parts) not in (2, 3) or not all(parts):
        raise argparse.ArgumentTypeError(f"expected 'PID|Name' or 'PID|Name|locale', got {value!r}")
    return Persona(*parts)


def read_key_file(path: str) -> str:
    """Read a PEM key; a fixed key keeps tokens and ``sub`` values valid across restarts."""
    try:
        return Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise argparse.ArgumentTypeError(f"cannot read key file {path!r}: {error}") from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m samverka.devtools.eid_provider",
        description="Development e-ID (OpenID Connect) provider. Never use in production.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001, help="0 picks a free port")
    parser.add_argument("--issuer", default="", help="default: http://HOST:PORT")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument(
        "--redirect-uri",
        action="append",
        required=True,
        dest="redirect_uris",
        metavar="URI",
        help="exact redirect URI of the client; repeatable",
    )
    parser.add_argument(
        "--post-logout-redirect-uri",
        action="append",
        default=[],
        dest="post_logout_redirect_uris",
        metavar="URI",
        help="repeatable",
    )
    parser.add_argument(
        "--persona",
        action="append",
        default=[],
        type=parse_persona,
        dest="personas",
        metavar="PID|NAME",
        help='"PID|Name" or "PID|Name|locale"; repeatable',
    )
    parser.add_argument("--claim-profile", choices=CLAIM_PROFILES, default="idporten")
    parser.add_argument(
        "--key-file",
        type=read_key_file,
        dest="signing_key_pem",
        metavar="PATH",
        help="RSA private key PEM; default: a fresh key at every start",
    )
    return parser


def config_from_args(argv: Sequence[str] | None = None) -> tuple[ProviderConfig, str, int]:
    """Turn command-line arguments into (config, host, port)."""
    args = build_parser().parse_args(argv)
    client = Client(
        client_id=args.client_id,
        client_secret=args.client_secret,
        redirect_uris=tuple(args.redirect_uris),
        post_logout_redirect_uris=tuple(args.post_logout_redirect_uris),
    )
    config = ProviderConfig(
        issuer=args.issuer,
        clients=(client,),
        personas=tuple(args.personas),
        claim_profile=args.claim_profile,
        signing_key_pem=args.signing_key_pem,
    )
    return config, args.host, args.port


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until interrupted; returns the process exit status. Never in production: anyone can sign in."""
    refuse_in_production()
    config, host, port = config_from_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        server, _, issuer = bind_provider(config, host, port)
    except (ValueError, OSError) as error:  # a bad configuration, or the port is taken
        print(f"error: {error}", file=sys.stderr)
        return 2
    # The line that tells scripts (and tests using --port 0) where to connect.
    print(f"Development e-ID provider listening on {issuer}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
