"""ClientConfig validation and from_env."""

from __future__ import annotations

import functools
import warnings

import pytest

from pygen_client import ClientConfig, ConfigurationError, OAuthClientCredentials, Token


def test_defaults_and_normalisation() -> None:
    config = ClientConfig(base_url=" http://127.0.0.1:8765/ ", project="demo", credentials=Token("t"))
    assert config.base_url == "http://127.0.0.1:8765"
    assert config.api_url == "http://127.0.0.1:8765/api/v1/projects/demo"
    assert (config.client_name, config.timeout, config.max_retries, config.max_concurrent_requests) == (
        "pygen-client",
        30.0,
        10,
        8,
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_url": "not a url"}, r"base_url must be an http\(s\) URL"),
        ({"base_url": "ftp://x.com"}, r"base_url must be an http\(s\) URL"),
        ({"base_url": ""}, "base_url must be a URL"),
        ({"base_url": "https://x.com/api/v1/projects/p"}, "without '/api/v1/projects"),
        ({"project": ""}, "project must be a non-empty"),
        ({"project": "a b"}, "is not a valid project name"),
        ({"timeout": 0}, "timeout must be a positive"),
        ({"max_retries": -1}, "max_retries must be an integer >= 0"),
        ({"max_concurrent_requests": 0}, "max_concurrent_requests must be an integer >= 1"),
        ({"credentials": "raw-token"}, r"wrap a static token as Token\('...'\)"),
        ({"credentials": 42}, "credentials must be Token"),
        ({"client_name": ""}, "client_name must be a non-empty"),
    ],
)
def test_bad_values_give_clear_errors(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "base_url": "https://api.cognitedata.com",
        "project": "p",
        "credentials": Token("t"),
    }
    values.update(kwargs)
    with pytest.raises(ConfigurationError, match=message) as info:
        ClientConfig(**values)  # type: ignore[arg-type]
    assert "raw-token" not in str(info.value)


def test_all_problems_reported_at_once() -> None:
    with pytest.raises(ConfigurationError) as info:
        ClientConfig(base_url="nope", project="", credentials=Token("t"), max_retries=-3)
    text = str(info.value)
    assert "base_url" in text
    assert "project" in text
    assert "max_retries" in text


def test_from_env_with_token() -> None:
    config = ClientConfig.from_env(
        {"CDF_CLUSTER": "westeurope-1", "CDF_PROJECT": "proj", "CDF_TOKEN": "tok", "CDF_CLIENT_NAME": "app"}
    )
    assert config.base_url == "https://westeurope-1.cognitedata.com"
    assert config.project == "proj"
    assert config.credentials == Token("tok")
    assert config.client_name == "app"


def test_from_env_with_client_credentials_and_tenant() -> None:
    config = ClientConfig.from_env(
        {
            "CDF_URL": "https://bluefield.cognitedata.com",
            "CDF_PROJECT": "proj",
            "IDP_CLIENT_ID": "cid",
            "IDP_CLIENT_SECRET": "very-secret",
            "IDP_TENANT_ID": "tenant-1",
            "CDF_TIMEOUT": "12.5",
            "CDF_MAX_RETRIES": "3",
        }
    )
    credentials = config.credentials
    assert isinstance(credentials, OAuthClientCredentials)
    assert credentials.token_url == "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"
    assert credentials.scopes == ["https://bluefield.cognitedata.com/.default"]
    assert (config.timeout, config.max_retries) == (12.5, 3)
    assert "very-secret" not in repr(config)


def test_repr_never_shows_a_secret_held_by_a_callable_credential() -> None:
    def fetch(secret: str) -> str:
        return secret

    config = ClientConfig(
        base_url="http://127.0.0.1:1", project="p", credentials=functools.partial(fetch, "sup3r-secret")
    )
    assert config.token_provider.get_token() == "sup3r-secret"
    text = repr(config)
    assert "sup3r-secret" not in text
    assert text == (
        "ClientConfig(base_url='http://127.0.0.1:1', project='p', credentials=CallableCredentials(partial), "
        "client_name='pygen-client', timeout=30.0, max_retries=10, max_concurrent_requests=8)"
    )
    assert "Token('***')" in repr(
        ClientConfig(base_url="http://127.0.0.1:1", project="p", credentials=Token("t"))
    )


def test_from_env_scopes_and_audience() -> None:
    config = ClientConfig.from_env(
        {
            "CDF_URL": "http://127.0.0.1:8765",
            "CDF_PROJECT": "proj",
            "IDP_CLIENT_ID": "cid",
            "IDP_CLIENT_SECRET": "s",
            "IDP_TOKEN_URL": "http://127.0.0.1:8765/oauth2/token",
            "IDP_SCOPES": "a/.default, b",
            "IDP_AUDIENCE": "aud",
        }
    )
    credentials = config.credentials
    assert isinstance(credentials, OAuthClientCredentials)
    assert credentials.scopes == ["a/.default", "b"]
    assert credentials.audience == "aud"


def test_from_env_lists_everything_missing() -> None:
    with pytest.raises(ConfigurationError) as info:
        ClientConfig.from_env({"IDP_CLIENT_SECRET": "hidden-secret"})
    text = str(info.value)
    assert "CDF_URL or CDF_CLUSTER" in text
    assert "CDF_PROJECT" in text
    assert "CDF_TOKEN (or IDP_CLIENT_ID, IDP_TOKEN_URL or IDP_TENANT_ID)" in text
    assert "hidden-secret" not in text


def test_from_env_overrides_and_bad_numbers() -> None:
    config = ClientConfig.from_env(
        {"CDF_URL": "http://127.0.0.1:1", "CDF_TOKEN": "t"}, project="p", max_retries=0
    )
    assert (config.project, config.max_retries) == ("p", 0)
    with pytest.raises(ConfigurationError, match="CDF_TIMEOUT must be a number"):
        ClientConfig.from_env(
            {"CDF_URL": "http://127.0.0.1:1", "CDF_PROJECT": "p", "CDF_TOKEN": "t", "CDF_TIMEOUT": "x"}
        )


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CDF_CLUSTER", "IDP_CLIENT_ID", "IDP_CLIENT_SECRET", "IDP_TOKEN_URL", "IDP_TENANT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CDF_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("CDF_PROJECT", "envproj")
    monkeypatch.setenv("CDF_TOKEN", "t")
    assert ClientConfig.from_env().project == "envproj"


def test_from_env_warns_when_token_and_client_credentials_are_both_set() -> None:
    environ = {
        "CDF_URL": "http://127.0.0.1:9",
        "CDF_PROJECT": "p",
        "CDF_TOKEN": "static-token",
        "IDP_CLIENT_ID": "cid",
        "IDP_CLIENT_SECRET": "very-secret",
        "IDP_TENANT_ID": "tenant-1",
    }
    with pytest.warns(
        UserWarning, match="both CDF_TOKEN and IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_TENANT_ID"
    ) as caught:
        config = ClientConfig.from_env(environ)
    assert config.credentials == Token("static-token")
    assert len(caught) == 1
    assert caught[0].filename == __file__  # attributed to the caller of from_env, not to pygen_client
    assert "very-secret" not in str(caught[0].message)


def test_from_env_does_not_warn_with_only_one_kind_of_credentials() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ClientConfig.from_env({"CDF_URL": "http://127.0.0.1:9", "CDF_PROJECT": "p", "CDF_TOKEN": "t"})
        ClientConfig.from_env(
            {
                "CDF_URL": "http://127.0.0.1:9",
                "CDF_PROJECT": "p",
                "IDP_CLIENT_ID": "cid",
                "IDP_CLIENT_SECRET": "s",
                "IDP_TOKEN_URL": "http://127.0.0.1:9/oauth2/token",
            }
        )
