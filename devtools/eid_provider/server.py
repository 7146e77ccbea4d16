"""Authlib's OAuth 2.0 / OpenID Connect server components, wired to the in-memory store.

The protocol checks (client authentication, exact redirect URIs, PKCE, code
single use, nonce, bearer tokens, id_token_hint) are Authlib's; this module
only tightens them where ID-porten is stricter than the specifications:
PKCE with S256 is mandatory, ``openid`` and ``redirect_uri`` are required.
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass

import flask
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6749 import (
    ClientMixin,
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Request,
    scope_to_list,
)
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfoEndpoint
from authlib.oidc.core.grants.util import is_openid_scope
from authlib.oidc.rpinitiated import EndSessionEndpoint, EndSessionRequest
from joserfc.jwk import KeySet, RSAKey

from .claims import ClaimBuilder
from .config import Client, ProviderConfig
from .identity import Login, pid_reference
from .keys import ALGORITHM, SigningKey
from .levels import requested_level
from .store import CodeRecord, MemoryStore, TokenRecord

SCOPES = ("openid", "profile")
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


@dataclass(frozen=True)
class ProviderState:
    """Everything a request handler needs, created once per provider app."""

    config: ProviderConfig
    signing_key: SigningKey
    store: MemoryStore
    claims: ClaimBuilder
    log_secret: bytes

    def pid_ref(self, pid: str) -> str:
        """What may appear in logs instead of an identity number."""
        return pid_reference(self.log_secret, pid)


class RegisteredClient(ClientMixin):
    """Adapts a configured Client to what Authlib asks of a client."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self.client_id = client.client_id
        self.client_metadata = {
            "post_logout_redirect_uris": list(client.post_logout_redirect_uris),
        }

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        """None: OpenID Connect requires redirect_uri, so the provider never guesses one."""
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in scope_to_list(scope) or [] if s in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self._client.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        # Constant time, so the secret cannot be guessed byte by byte from timings.
        expected = self._client.client_secret.encode()
        return hmac.compare_digest(client_secret.encode(), expected)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in CLIENT_AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


class EidAuthorizationServer(AuthorizationServer):
    """The Flask authorization server, holding the provider state for grants to reach."""

    def __init__(self, app: flask.Flask, state: ProviderState) -> None:
        self.state = state
        self._clients = {c.client_id: RegisteredClient(c) for c in state.config.clients}
        super().__init__(app)

    def query_client(self, client_id: str) -> RegisteredClient | None:
        return self._clients.get(client_id)

    def save_token(self, token: dict, request: OAuth2Request) -> None:
        record = TokenRecord(
            access_token=token["access_token"],
            client=request.client,
            login=request.user,
            scope=token["scope"],
            code=request.authorization_code.code,
            expires_at=time.time() + token["expires_in"],
        )
        self.state.store.add_token(record)


class CodeGrant(AuthorizationCodeGrant):
    """The authorization code grant, requiring ``openid`` and known ``acr_values``."""

    TOKEN_ENDPOINT_AUTH_METHODS = list(CLIENT_AUTH_METHODS)
    server: EidAuthorizationServer

    def validate_authorization_request(self) -> str:
        redirect_uri = super().validate_authorization_request()
        if not is_openid_scope(self.request.scope):
            raise InvalidScopeError("The scope must include 'openid'.", redirect_uri=redirect_uri)
        try:
            requested_level(self.request.payload.data.get("acr_values"), self.server.state.config.claim_profile)
        except ValueError as error:
            raise InvalidRequestError(str(error), redirect_uri=redirect_uri) from error
        return redirect_uri

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        self.server.state.store.add_code(
            CodeRecord(
                code=code,
                client_id=request.client.get_client_id(),
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                nonce=data.get("nonce"),
                code_challenge=data["code_challenge"],
                code_challenge_method=data["code_challenge_method"],
                login=request.user,
                expires_at=time.time() + self.server.state.config.code_lifetime,
            )
        )

    def query_authorization_code(self, code: str, client: ClientMixin) -> CodeRecord | None:
        """Take the code out of the store: any presentation, even a failing one, spends it."""
        record = self.server.state.store.take_code(code)
        if record is None or record.is_expired():
            return None
        return record if record.client_id == client.get_client_id() else None

    def delete_authorization_code(self, authorization_code: CodeRecord) -> None:
        """Nothing left to do: query_authorization_code already removed the code."""

    def authenticate_user(self, authorization_code: CodeRecord) -> Login:
        return authorization_code.login


class RequiredS256Challenge(CodeChallenge):
    """PKCE as ID-porten enforces it: always present, always S256, never "plain"."""

    def __init__(self) -> None:
        super().__init__(required=True)

    def validate_code_challenge(self, grant: CodeGrant, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: missing 'code_challenge'.")
        # Authlib accepts "plain" and defaults a missing method to it; allow only S256.
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be S256.")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant: CodeGrant, result: object) -> None:
        # A missing verifier is a failed proof of possession, like a wrong one (RFC 7636 4.6).
        if not grant.request.form.get("code_verifier"):
            raise InvalidGrantError("Missing 'code_verifier'.")
        super().validate_code_verifier(grant, result)


class IdTokenIssuer(OpenIDCode):
    """Adds the signed ID token to the token response; a nonce is required."""

    def __init__(self, state: ProviderState) -> None:
        super().__init__(require_nonce=True)
        self.state = state

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        return self.state.store.nonce_used(request.payload.client_id, nonce)

    def resolve_client_private_key(self, client: ClientMixin) -> RSAKey:
        return self.state.signing_key.key

    def get_client_algorithm(self, client: ClientMixin) -> str:
        return ALGORITHM

    def get_encode_header(self, client: ClientMixin) -> dict[str, str]:
        return {"alg": ALGORITHM, "kid": self.state.signing_key.kid}

    def get_client_claims(self, client: ClientMixin) -> dict[str, str | int]:
        now = int(time.time())
        return {
            "iss": self.state.config.issuer,
            "aud": client.get_client_id(),
            "iat": now,
            "exp": now + self.state.config.id_token_lifetime,
        }

    def get_authorization_code_claims(self, authorization_code: CodeRecord) -> dict:
        claims = super().get_authorization_code_claims(authorization_code)
        return claims | {"sid": authorization_code.login.sid}

    def generate_user_info(self, user: Login, scope: str) -> dict[str, str]:
        return self.state.claims.identity_claims(user, scope)


class AccessTokenValidator(BearerTokenValidator):
    """Looks bearer tokens up in the store; Authlib checks expiry, revocation and scope."""

    def __init__(self, store: MemoryStore) -> None:
        super().__init__()
        self.store = store

    def authenticate_token(self, token_string: str) -> TokenRecord | None:
        return self.store.find_token(token_string)


class UserInfo(UserInfoEndpoint):
    """/userinfo: the same identity claims as the ID token, for the token's holder."""

    def __init__(self, claims: ClaimBuilder, resource_protector: ResourceProtector) -> None:
        super().__init__(resource_protector=resource_protector)
        self.claims = claims

    def generate_user_info(self, user: Login, scope: str) -> dict[str, str]:
        return self.claims.identity_claims(user, scope)


class EndSession(EndSessionEndpoint):
    """RP-initiated logout; Authlib checks id_token_hint and the registered redirect."""

    def __init__(self, state: ProviderState) -> None:
        super().__init__()
        self.state = state

    def get_server_jwks(self) -> KeySet:
        return self.state.signing_key.public_key_set()

    def get_algorithms(self) -> list[str]:
        return [ALGORITHM]

    def is_post_logout_redirect_uri_legitimate(self, request, post_logout_redirect_uri, client, logout_hint) -> bool:
        # Reached only for a URI registered for the named client: like ID-porten's and most providers'
        # handling of ``client_id`` without ``id_token_hint`` (a client that keeps no identity number).
        return True

    def end_session(self, end_session_request: EndSessionRequest) -> None:
        # The browser's provider session is what ends, whichever client asked.
        sid = flask.session.get("sid")
        if sid:
            self.state.store.end_session(sid)
        flask.session.clear()


def build_server(app: flask.Flask, state: ProviderState) -> EidAuthorizationServer:
    """Create the authorization server with its grant, extensions and endpoints."""
    server = EidAuthorizationServer(app, state)
    server.register_grant(CodeGrant, [RequiredS256Challenge(), IdTokenIssuer(state)])
    protector = ResourceProtector()
    protector.register_token_validator(AccessTokenValidator(state.store))
    server.register_endpoint(UserInfo(state.claims, protector))
    server.register_endpoint(EndSession(state))
    return server
