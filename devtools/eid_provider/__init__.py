"""A real, small OpenID Connect provider standing in for e-ID in development and tests.

It plays ID-porten (Norway) or a Swedish BankID/Freja broker over HTTP, so
the app's login code runs unchanged against it: discovery, a login page to
pick a test person and an assurance level, PKCE-protected code flow, RS256
ID tokens, userinfo and RP-initiated logout. It must never be deployed as a
real identity provider: anyone can log in as anyone.

    from samverka.devtools.eid_provider import Client, ProviderConfig, serve_in_thread

    provider = serve_in_thread(ProviderConfig(issuer="", clients=(Client(...),)))
    ...  # point the app's OIDC client at provider.url
    provider.shutdown()
"""

from .app import create_provider_app
from .config import Client, Persona, ProviderConfig
from .serving import RunningProvider, serve_in_thread

__all__ = [
    "Client",
    "Persona",
    "ProviderConfig",
    "RunningProvider",
    "create_provider_app",
    "serve_in_thread",
]
