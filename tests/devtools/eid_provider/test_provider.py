"""The development e-ID provider, driven over real HTTP as the app's OIDC client would.

Each protocol rule the app relies on is checked by making the provider refuse
a request that breaks it, not only by the happy path.
"""

from __future__ import annotations

import logging
import select
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
import requests
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.jwk import RSAKey

from samverka.devtools.eid_provider import Client, Persona, ProviderConfig, create_provider_app
from samverka.devtools.eid_provider.__main__ import config_from_args, main
from samverka.devtools.eid_provider.views import SERVER_EXTENSION

SUBSTANTIAL, HIGH = "idporten-loa-substantial", "idporten-loa-high"
SE_LOA = "http://id.elegnamnden.se/loa/1.0/"
SE_LOA3 = f"{SE_LOA}loa3"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def acr_choices(rp, page: requests.Response) -> dict[str, bool]:
    """The authentication levels offered on a login page, and whether each is preselected."""
    return {i["value"]: "checked" in i for i in rp.inputs(page) if i.get("name") == "acr"}


def store_of(provider):
    return provider.app.extensions[SERVER_EXTENSION].state.store


def logout(rp, **params: str) -> requests.Response:
    return rp.browser.get(f"{rp.base}/logout", params=params, allow_redirects=False)


# --------------------------------------------------------------------------- discovery


def test_discovery_describes_the_enforced_protocol(rp):
    metadata = requests.get(f"{rp.base}/.well-known/openid-configuration").json()

    OpenIDProviderMetadata(metadata).validate()
    assert metadata["issuer"] == rp.base
    assert metadata["authorization_endpoint"] == f"{rp.base}/authorize"
    assert metadata["token_endpoint"] == f"{rp.base}/token"
    assert metadata["jwks_uri"] == f"{rp.base}/jwks"
    assert metadata["userinfo_endpoint"] == f"{rp.base}/userinfo"
    assert metadata["end_session_endpoint"] == f"{rp.base}/logout"
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["grant_types_supported"] == ["authorization_code"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert metadata["acr_values_supported"] == [SUBSTANTIAL, HIGH]
    assert metadata["token_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post"]
    assert metadata["scopes_supported"] == ["openid", "profile"]
    assert {"pid", "acr", "amr", "sid", "nonce", "locale"} <= set(metadata["claims_supported"])


# -------------------------------------------------------------------------- happy path


def test_code_flow_with_pkce_issues_a_verifiable_id_token(rp):
    tokens = rp.tokens()

    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 600
    claims = rp.verified_claims(tokens["id_token"])  # signature, kid, iss, aud, nonce
    assert claims["pid"] == rp.pid
    assert claims["acr"] == SUBSTANTIAL
    assert claims["amr"] == ["MinID"]
    assert claims["locale"] == "nb"
    assert claims["sid"] and claims["sub"]
    assert claims["exp"] - claims["iat"] == 600
    assert abs(claims["auth_time"] - time.time()) < 60
    assert "name" not in claims  # only with the "profile" scope


def test_client_secret_post_is_accepted(rp):
    code = rp.login()
    response = requests.post(
        f"{rp.base}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": rp.verifier,
            "redirect_uri": rp.client.redirect_uris[0],
            "client_id": rp.client.client_id,
            "client_secret": rp.client.client_secret,
        },
    )
    assert response.status_code == 200, response.text
    assert rp.verified_claims(response.json()["id_token"])["pid"] == rp.pid


def test_sub_is_stable_per_client_and_pairwise_between_clients(rp, other_rp, make_rp):
    first = rp.verified_claims(rp.tokens()["id_token"])["sub"]
    second_tab = make_rp()
    again = second_tab.verified_claims(second_tab.tokens()["id_token"])["sub"]
    elsewhere = other_rp.verified_claims(other_rp.tokens()["id_token"])["sub"]

    assert first == again
    assert elsewhere != first


def test_profile_scope_adds_the_name(rp):
    claims = rp.verified_claims(rp.tokens(scope="openid profile")["id_token"])
    assert claims["name"] == "Kari Nordmann"  # the role after the comma is not part of it


# ------------------------------------------------------- authorization request checks

BAD_REQUESTS = {
    "pkce missing": ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
    "pkce method missing": ({"code_challenge_method": None}, "invalid_request"),
    "pkce plain": ({"code_challenge_method": "plain"}, "invalid_request"),
    "nonce missing": ({"nonce": None}, "invalid_request"),
    "no openid scope": ({"scope": "profile"}, "invalid_scope"),
    "unknown scope": ({"scope": "openid email"}, "invalid_scope"),
    "unknown acr": ({"acr_values": "urn:example:loa-low"}, "invalid_request"),
    "implicit flow": ({"response_type": "id_token"}, "unsupported_response_type"),
    "silent login": ({"prompt": "none"}, "login_required"),
}


@pytest.mark.parametrize("overrides,error", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_bad_authorization_request_is_sent_back_as_an_error(rp, overrides, error):
    response = rp.open_login(**overrides)

    assert response.status_code == 302
    assert response.headers["Location"].startswith(rp.client.redirect_uris[0] + "?")
    params = rp.redirect_params(response)
    assert params["error"] == error
    assert params["state"] == rp.state
    assert "code" not in params


UNTRUSTED = {
    "unregistered redirect_uri": {"redirect_uri": "http://evil.test/callback"},
    "redirect_uri prefix trick": {"redirect_uri": "http://app.test/auth/callback/../x"},
    "redirect_uri missing": {"redirect_uri": None},
    "unknown client": {"client_id": "nobody"},
    "client_id missing": {"client_id": None},
}


@pytest.mark.parametrize("overrides", UNTRUSTED.values(), ids=UNTRUSTED.keys())
def test_unverifiable_client_or_redirect_gets_an_error_page_not_a_redirect(rp, overrides):
    response = rp.open_login(**overrides)

    assert response.status_code == 400
    assert "Location" not in response.headers
    assert response.headers["Content-Type"].startswith("text/html")
    assert "The request was refused" in response.text


def test_a_nonce_cannot_be_reused(rp, make_rp):
    rp.login()
    replay = make_rp(nonce=rp.nonce).open_login()
    assert rp.redirect_params(replay)["error"] == "invalid_request"


# ------------------------------------------------------------------------ login page


def test_login_page_preselects_the_lowest_level_that_satisfies_the_request(rp):
    assert acr_choices(rp, rp.open_login()) == {SUBSTANTIAL: True, HIGH: False}

    high_page = rp.open_login(acr_values=HIGH)
    assert acr_choices(rp, high_page) == {HIGH: True}  # substantial not even offered
    assert f"Requested assurance level: <strong>{HIGH}</strong>" in high_page.text


def test_high_assurance_login_yields_acr_high_and_bankid(rp):
    claims = rp.verified_claims(rp.tokens(acr_values=HIGH, acr=HIGH)["id_token"])
    assert (claims["acr"], claims["amr"]) == (HIGH, ["BankID"])


def test_a_lower_level_than_requested_is_reported_truthfully(rp):
    # The provider answers with what was used; rejecting it is the client's job.
    claims = rp.verified_claims(rp.tokens(acr_values=HIGH, acr=SUBSTANTIAL)["id_token"])
    assert claims["acr"] == SUBSTANTIAL


def test_a_typed_identity_number_overrides_the_persona(rp):
    answer = rp.submit(rp.open_login(), persona=rp.pid, pid="31129956715", acr=SUBSTANTIAL)
    claims = rp.verified_claims(rp.redeem(rp.redirect_params(answer)["code"]).json()["id_token"])
    assert claims["pid"] == "31129956715"


@pytest.mark.parametrize(
    "form",
    [
        {"pid": "1234", "acr": SUBSTANTIAL},
        {"persona": "99999999999", "acr": SUBSTANTIAL},
        {"persona": "01017012345", "acr": "urn:example:loa-low"},
    ],
    ids=["short pid", "unknown persona", "unknown acr"],
)
def test_invalid_login_form_is_shown_again_with_an_error(rp, form):
    answer = rp.submit(rp.open_login(), **form)
    assert answer.status_code == 400
    assert 'role="alert"' in answer.text
    assert "Location" not in answer.headers


def test_prompt_login_always_shows_the_login_page(rp):
    rp.login()
    again = rp.open_login(prompt="login", nonce="another-nonce")
    assert again.status_code == 200
    assert acr_choices(rp, again)


def test_login_post_without_csrf_token_is_refused(rp):
    page = rp.open_login()
    answer = rp.browser.post(page.url, data={"persona": rp.pid, "acr": SUBSTANTIAL}, allow_redirects=False)
    assert answer.status_code == 400
    assert "Location" not in answer.headers


def test_csrf_token_of_another_browser_session_is_refused(rp, make_rp):
    attacker = make_rp()
    stolen = next(i["value"] for i in attacker.inputs(attacker.open_login()) if i.get("name") == "csrf_token")
    page = rp.open_login()
    answer = rp.browser.post(
        page.url, allow_redirects=False, data={"csrf_token": stolen, "persona": rp.pid, "acr": SUBSTANTIAL}
    )
    assert answer.status_code == 400


# ---------------------------------------------------------------------- token endpoint


def test_wrong_code_verifier_is_invalid_grant(rp):
    response = rp.redeem(rp.login(), code_verifier="x" * 43)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_missing_code_verifier_is_invalid_grant(rp):
    response = rp.redeem(rp.login(), code_verifier=None)
    assert response.json()["error"] == "invalid_grant"


def test_code_is_single_use_and_a_replay_revokes_its_tokens(rp):
    code = rp.login()
    first = rp.redeem(code)
    assert first.status_code == 200
    access_token = first.json()["access_token"]

    replay = rp.redeem(code)
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert requests.get(f"{rp.base}/userinfo", headers=bearer(access_token)).status_code == 401


def test_concurrent_redemptions_of_one_code_issue_one_token(rp):
    code = rp.login()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: rp.redeem(code).status_code, range(8)))
    assert sorted(statuses) == [200] + [400] * 7


def test_expired_code_is_invalid_grant(short_code_rp):
    code = short_code_rp.login()
    time.sleep(1.2)  # code_lifetime is 1 second
    assert short_code_rp.redeem(code).json()["error"] == "invalid_grant"


def test_redirect_uri_must_equal_the_one_used_to_get_the_code(rp):
    response = rp.redeem(rp.login(), redirect_uri=rp.client.redirect_uris[1])
    assert response.json()["error"] == "invalid_grant"


def test_wrong_client_secret_is_invalid_client(rp):
    code = rp.login()
    response = requests.post(
        f"{rp.base}/token",
        auth=(rp.client.client_id, "wrong"),
        data={
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": rp.verifier,
            "redirect_uri": rp.client.redirect_uris[0],
        },
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_code_issued_to_one_client_cannot_be_redeemed_by_another(rp, other_rp):
    response = other_rp.redeem(rp.login(), redirect_uri=rp.client.redirect_uris[0])
    assert response.json()["error"] == "invalid_grant"


# ---------------------------------------------------------------- userinfo and profiles


def test_userinfo_returns_the_identity_of_the_id_token(rp):
    tokens = rp.tokens(scope="openid profile")
    claims = rp.verified_claims(tokens["id_token"])
    info = requests.get(f"{rp.base}/userinfo", headers=bearer(tokens["access_token"])).json()
    assert info == {key: claims[key] for key in ("sub", "pid", "name", "locale")}


def test_userinfo_refuses_an_unknown_token(rp):
    response = requests.get(f"{rp.base}/userinfo", headers=bearer("not-a-token"))
    assert response.status_code == 401
    assert "invalid_token" in response.headers["WWW-Authenticate"]


def test_se_broker_profile_sends_personal_identity_number_and_name_parts(se_rp):
    tokens = se_rp.tokens(acr=SE_LOA3)
    claims = se_rp.verified_claims(tokens["id_token"])
    info = requests.get(f"{se_rp.base}/userinfo", headers=bearer(tokens["access_token"])).json()

    for identity in (claims, info):
        assert identity["personalIdentityNumber"] == se_rp.pid
        assert "pid" not in identity
        assert identity["given_name"] == "Anna Maria"
        assert identity["family_name"] == "Svensson"
        assert identity["name"] == "Anna Maria Svensson"
        assert identity["locale"] == "sv"
    metadata = requests.get(f"{se_rp.base}/.well-known/openid-configuration").json()
    assert "personalIdentityNumber" in metadata["claims_supported"]
    assert "pid" not in metadata["claims_supported"]
    assert claims["acr"] == SE_LOA3
    assert metadata["acr_values_supported"] == [f"{SE_LOA}loa2", SE_LOA3, f"{SE_LOA}loa4"]


def test_se_broker_profile_refuses_the_norwegian_levels(se_rp):
    page = se_rp.open_login(acr_values=HIGH)
    assert page.status_code in (302, 400)
    assert "acr_values" in (page.headers.get("Location", "") + page.text)


# ------------------------------------------------------------------------------ logout


def test_logout_ends_the_session_and_returns_to_the_registered_uri(rp, provider):
    id_token = rp.tokens()["id_token"]
    sid = rp.verified_claims(id_token)["sid"]
    assert store_of(provider).has_session(sid)
    assert rp.browser.cookies  # the provider's session cookie

    answer = logout(
        rp, id_token_hint=id_token, state="bye", post_logout_redirect_uri=rp.client.post_logout_redirect_uris[0]
    )

    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{rp.client.post_logout_redirect_uris[0]}?state=bye"
    assert not store_of(provider).has_session(sid)
    assert not rp.browser.cookies


@pytest.mark.parametrize(
    "with_hint,uri",
    [
        (True, "http://evil.test/after-logout"),
        (False, "http://app.test/logged-out"),  # registered, but the client is unproven
    ],
    ids=["unregistered uri", "no id_token_hint"],
)
def test_logout_without_a_trusted_redirect_shows_a_page(rp, provider, with_hint, uri):
    id_token = rp.tokens()["id_token"]
    sid = rp.verified_claims(id_token)["sid"]
    hint = {"id_token_hint": id_token} if with_hint else {}

    answer = logout(rp, post_logout_redirect_uri=uri, state="bye", **hint)

    assert answer.status_code == 200
    assert "Location" not in answer.headers
    assert "You are logged out" in answer.text
    assert not store_of(provider).has_session(sid)


def test_logout_with_a_forged_id_token_hint_is_refused(rp, provider):
    sid = rp.verified_claims(rp.tokens()["id_token"])["sid"]
    forged = jwt.encode(
        {"alg": "RS256"},
        {"iss": rp.base, "aud": rp.client.client_id, "sid": sid},
        RSAKey.generate_key(2048, private=True),
    )

    answer = logout(rp, id_token_hint=forged, post_logout_redirect_uri=rp.client.post_logout_redirect_uris[0])

    assert answer.status_code == 400
    assert "Location" not in answer.headers
    assert store_of(provider).has_session(sid)


# ----------------------------------------------------------------------------- privacy


class EmittedLines(logging.Handler):
    """Keeps each record as rendered when emitted, i.e. what a log file would contain.

    caplog renders lazily, which would show Authlib's token dict as it is
    after the ID token has been added to it, not as it was logged.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("urllib3"):  # the test's own HTTP client
            self.lines.append(self.format(record))


def test_identity_numbers_never_reach_the_log(rp, caplog):
    caplog.set_level(logging.DEBUG)
    emitted = EmittedLines()
    logging.getLogger().addHandler(emitted)
    try:
        tokens = rp.tokens(scope="openid profile")
        requests.get(f"{rp.base}/userinfo", headers=bearer(tokens["access_token"]))
        logout(rp, id_token_hint=tokens["id_token"], post_logout_redirect_uri=rp.client.post_logout_redirect_uris[0])
    finally:
        logging.getLogger().removeHandler(emitted)

    assert any("login person=" in line for line in emitted.lines)
    assert any("GET /logout" in line for line in emitted.lines)  # request lines were seen
    assert any("Issue token" in line for line in emitted.lines)  # and Authlib's debug output
    assert not [line for line in emitted.lines if rp.pid in line or tokens["id_token"] in line]


# ------------------------------------------------------------ configuration and the CLI

VALID_CLIENT = Client("app", "secret", ("http://app.test/cb",))
BAD_CONFIGS = {
    "trailing slash": ProviderConfig("http://127.0.0.1:5001/", (VALID_CLIENT,)),
    "no clients": ProviderConfig("http://127.0.0.1:5001", ()),
    "no redirect uri": ProviderConfig("http://127.0.0.1:5001", (Client("app", "s", ()),)),
    "unknown profile": ProviderConfig("http://127.0.0.1:5001", (VALID_CLIENT,), claim_profile="x"),
    "se persona with no pid": ProviderConfig(
        "http://127.0.0.1:5001", (VALID_CLIENT,), (Persona("01017012345", "Kari"),), "se_broker"
    ),
}


@pytest.mark.parametrize("config", BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_unusable_configuration_is_refused_at_start(config, signing_key_pem):
    with pytest.raises(ValueError):
        create_provider_app(replace(config, signing_key_pem=signing_key_pem))


def test_command_line_arguments_become_a_config():
    config, host, port = config_from_args(
        [
            "--port",
            "5009",
            "--client-id",
            "app",
            "--client-secret",
            "s",
            "--redirect-uri",
            "http://a.test/cb",
            "--redirect-uri",
            "http://a.test/cb2",
            "--post-logout-redirect-uri",
            "http://a.test/bye",
            "--claim-profile",
            "se_broker",
            "--persona",
            "197001012386|Anna Svensson, handläggare|sv",
        ]
    )
    assert (host, port, config.issuer, config.claim_profile) == ("127.0.0.1", 5009, "", "se_broker")
    assert config.clients == (Client("app", "s", ("http://a.test/cb", "http://a.test/cb2"), ("http://a.test/bye",)),)
    assert config.personas == (Persona("197001012386", "Anna Svensson, handläggare", "sv"),)


def test_command_line_rejects_a_malformed_persona(capsys):
    with pytest.raises(SystemExit):
        config_from_args(
            [
                "--client-id",
                "a",
                "--client-secret",
                "s",
                "--redirect-uri",
                "http://a.test/cb",
                "--persona",
                "no-bar-here",
            ]
        )
    assert "PID|Name" in capsys.readouterr().err


def test_command_line_reports_an_unusable_configuration(capsys):
    status = main(
        [
            "--port",
            "0",
            "--issuer",
            "http://127.0.0.1:5001/",
            "--client-id",
            "a",
            "--client-secret",
            "s",
            "--redirect-uri",
            "http://a.test/cb",
        ]
    )
    assert status == 2
    assert "trailing slash" in capsys.readouterr().err


def test_command_line_serves_with_the_given_key(tmp_path, signing_key_pem):
    key_file = tmp_path / "signing.pem"
    key_file.write_text(signing_key_pem)
    command = [
        sys.executable,
        "-m",
        "samverka.devtools.eid_provider",
        "--port",
        "0",
        "--client-id",
        "app",
        "--client-secret",
        "s",
        "--redirect-uri",
        "http://a.test/cb",
        "--key-file",
        str(key_file),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the provider did not announce its address"
        url = process.stdout.readline().split()[-1]
        jwks = requests.get(f"{url}/jwks", timeout=5).json()
        issuer = requests.get(f"{url}/.well-known/openid-configuration", timeout=5).json()["issuer"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert issuer == url
    assert [key["kid"] for key in jwks["keys"]] == [RSAKey.import_key(signing_key_pem).thumbprint()]
