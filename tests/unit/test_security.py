"""TLS contexts, SASL credentials and the secured local broker's configuration; no broker runs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import ssl
import stat
from pathlib import Path

import faust
import pytest
from faust.types.auth import AuthProtocol, SASLMechanism

from parley.broker import local
from parley.broker.tls import TlsFiles, generate_tls, subject_alt_names
from parley.kafka.security import describe, faust_credentials, ssl_context
from parley.settings import Settings, SettingsError, load_settings

PASSWORD = "pw-Zq8#not-for-logs"


def _settings(protocol: str, **extra: str) -> Settings:
    return load_settings(
        {
            "KAFKA_SECURITY_PROTOCOL": protocol,
            "KAFKA_SASL_USERNAME": "parley",
            "KAFKA_SASL_PASSWORD": PASSWORD,
            **extra,
        }
    )


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """A CA and a broker certificate for localhost and 127.0.0.1, made with openssl."""
    return generate_tls(tmp_path_factory.mktemp("tls"))


def _handshake(client: ssl.SSLContext, server: ssl.SSLContext, hostname: str) -> None:
    """Run a TLS handshake between two contexts in memory; raises what the client raises."""
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client_side = client.wrap_bio(c_in, c_out, server_hostname=hostname)
    server_side = server.wrap_bio(s_in, s_out, server_side=True)
    done = {"client": False, "server": False}
    for _ in range(20):
        for name, side, out, peer in (
            ("client", client_side, c_out, s_in),
            ("server", server_side, s_out, c_in),
        ):
            if not done[name]:
                try:
                    side.do_handshake()
                    done[name] = True
                except ssl.SSLWantReadError:
                    pass
            if data := out.read():
                peer.write(data)
        if all(done.values()):
            return
    raise AssertionError("handshake did not finish")


def _server(tls: TlsFiles) -> ssl.SSLContext:
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # The broker's keystore file, exactly as Kafka reads it: key, then the chain.
    server.load_cert_chain(tls.keystore)
    return server


def test_password_is_masked_wherever_settings_are_shown(tls: TlsFiles) -> None:
    """The SASL password appears in no settings dump, summary, credentials or broker config repr."""
    settings = _settings("SASL_SSL", KAFKA_SSL_CAFILE=str(tls.ca_file))
    assert settings.masked()["sasl_password"] == "********"
    assert settings.masked()["sasl_username"] == "parley"
    shown = [
        repr(settings),
        str(settings.masked()),
        describe(settings),
        repr(faust_credentials(settings)),
        repr(local.SecuredConfig(keystore=tls.keystore, users={"parley": PASSWORD})),
    ]
    assert all(PASSWORD not in text for text in shown)
    assert describe(settings) == f"SASL_SSL, SCRAM-SHA-512 as parley, CA {tls.ca_file}"
    # An empty password stays visibly empty rather than looking set.
    assert Settings().masked()["sasl_password"] == ""


def test_ssl_context_verifies_against_the_generated_ca(tls: TlsFiles, tmp_path: Path) -> None:
    """The context from KAFKA_SSL_CAFILE accepts the broker's certificate for its names only,
    and a context for another CA rejects it."""
    context = ssl_context(_settings("SASL_SSL", KAFKA_SSL_CAFILE=str(tls.ca_file)))
    assert context is not None
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    # Only the given CA: a private CA is not mixed with the system's public ones.
    (ca,) = context.get_ca_certs()
    assert (("commonName", "Parley local CA"),) in ca["subject"]

    server = _server(tls)
    _handshake(context, server, "127.0.0.1")
    _handshake(context, server, "localhost")
    with pytest.raises(ssl.SSLCertVerificationError, match="match"):
        _handshake(context, server, "broker.example.org")

    other = generate_tls(tmp_path / "other")
    stranger = ssl_context(_settings("SSL", KAFKA_SSL_CAFILE=str(other.ca_file)))
    assert stranger is not None
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(stranger, server, "127.0.0.1")


def test_ssl_context_only_for_tls_protocols_and_readable_ca(tmp_path: Path) -> None:
    """Plaintext protocols get no context; a missing or non-PEM CA file is a settings error."""
    assert ssl_context(_settings("PLAINTEXT")) is None
    assert ssl_context(_settings("SASL_PLAINTEXT")) is None
    # No CA file: the system's trusted CAs, still verifying host names.
    default = ssl_context(_settings("SSL"))
    assert default is not None
    assert default.check_hostname

    with pytest.raises(SettingsError, match="KAFKA_SSL_CAFILE"):
        ssl_context(_settings("SSL", KAFKA_SSL_CAFILE=str(tmp_path / "missing.pem")))
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(SettingsError, match="KAFKA_SSL_CAFILE"):
        ssl_context(_settings("SSL", KAFKA_SSL_CAFILE=str(junk)))


@pytest.mark.parametrize(
    ("protocol", "kind", "auth"),
    [
        ("PLAINTEXT", None, None),
        ("SSL", faust.SSLCredentials, AuthProtocol.SSL),
        ("SASL_PLAINTEXT", faust.SASLCredentials, AuthProtocol.SASL_PLAINTEXT),
        ("SASL_SSL", faust.SASLCredentials, AuthProtocol.SASL_SSL),
    ],
)
def test_faust_credentials_follow_the_protocol(
    tls: TlsFiles, protocol: str, kind: type | None, auth: AuthProtocol | None
) -> None:
    """SASL credentials are built for the SASL protocols only, TLS-only ones for SSL,
    nothing for PLAINTEXT."""
    settings = _settings(protocol, KAFKA_SSL_CAFILE=str(tls.ca_file))
    credentials = faust_credentials(settings)
    if kind is None:
        assert credentials is None
        return
    assert type(credentials) is kind
    assert credentials is not None
    assert credentials.protocol == auth
    if isinstance(credentials, faust.SASLCredentials):
        assert credentials.username == "parley"
        assert credentials.password == PASSWORD
        assert credentials.mechanism == SASLMechanism.SCRAM_SHA_512
        assert (credentials.ssl_context is not None) == protocol.endswith("SSL")


def test_faust_hands_the_credentials_to_aiokafka(tls: TlsFiles) -> None:
    """faust turns the SASL_SSL credentials into aiokafka's options for a SCRAM login over TLS."""
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    settings = _settings("SASL_SSL", KAFKA_SSL_CAFILE=str(tls.ca_file))
    options = credentials_to_aiokafka_auth(faust_credentials(settings))
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "parley"
    assert options["sasl_plain_password"] == PASSWORD
    assert isinstance(options["ssl_context"], ssl.SSLContext)
    assert options["ssl_context"].check_hostname


def test_bad_security_settings_are_refused_without_echoing_the_password() -> None:
    """Unknown protocols and mechanisms, and SASL without user or password, raise
    SettingsError naming the variable, never its secret value."""
    cases = [
        _settings("SASL_TLS"),
        _settings("SASL_SSL", KAFKA_SASL_MECHANISM="GSSAPI"),
        load_settings({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_PASSWORD": PASSWORD}),
        load_settings({"KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_USERNAME": "u"}),
    ]
    messages = []
    for settings in cases:
        with pytest.raises(SettingsError) as refused:
            faust_credentials(settings)
        messages.append(str(refused.value))
    assert "KAFKA_SECURITY_PROTOCOL" in messages[0]
    assert "KAFKA_SASL_MECHANISM" in messages[1]
    assert messages[2].endswith("needs KAFKA_SASL_USERNAME")
    assert messages[3].endswith("needs KAFKA_SASL_PASSWORD")
    assert all(PASSWORD not in m for m in messages)
    # Settings that need no credentials pass with empty ones.
    assert faust_credentials(load_settings({})) is None


def test_generated_tls_files(tls: TlsFiles) -> None:
    """The keystore is private and holds key then chain; the CA key is gone; names are SANs."""
    mode = stat.S_IMODE(tls.keystore.stat().st_mode)
    assert mode == 0o600
    pem = tls.keystore.read_text()
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert pem.count("-----BEGIN CERTIFICATE-----") == 2
    assert not list(tls.ca_file.parent.glob("*.key"))
    assert subject_alt_names(["localhost", "127.0.0.1", "::1"]) == (
        "DNS:localhost, IP:127.0.0.1, IP:::1"
    )
    with pytest.raises(local.BrokerError):
        subject_alt_names(["bad,name"])


def _hi(password: bytes, salt: bytes, iterations: int) -> bytes:
    """RFC 5802's Hi(), written out, to check the PBKDF2 shortcut against."""
    block = hmac.new(password, salt + b"\0\0\0\1", hashlib.sha512).digest()
    result = bytearray(block)
    for _ in range(iterations - 1):
        block = hmac.new(password, block, hashlib.sha512).digest()
        result = bytearray(a ^ b for a, b in zip(result, block, strict=True))
    return bytes(result)


def test_scram_argument_carries_the_salted_password_only() -> None:
    """`--add-scram` gets RFC 5802's salted password for the user, never the password."""
    salt = b"0123456789abcdef"
    argument = local.scram_argument("SCRAM-SHA-512", "parley", PASSWORD, salt=salt)
    assert PASSWORD not in argument
    assert argument.startswith("SCRAM-SHA-512=[")
    assert argument.endswith("]")
    fields = dict(part.split("=", 1) for part in argument[len("SCRAM-SHA-512=[") : -1].split(","))
    assert fields["name"] == "parley"
    assert fields["iterations"] == str(local.SCRAM_ITERATIONS)
    assert base64.b64decode(fields["salt"].strip('"')) == salt
    salted = base64.b64decode(fields["saltedpassword"].strip('"'))
    assert salted == _hi(PASSWORD.encode(), salt, local.SCRAM_ITERATIONS)
    with pytest.raises(local.BrokerError):
        local.scram_argument("SCRAM-SHA-512", "a,b", PASSWORD)
    with pytest.raises(local.BrokerError):
        local.scram_argument("PLAIN", "parley", PASSWORD)


def test_secured_cluster_configuration(tmp_path: Path) -> None:
    """A secured node listens SASL_SSL for clients and PLAINTEXT between brokers, its
    storage is formatted with the users, and neither the config nor the manifest holds
    a password."""
    keystore = tmp_path / "broker.keystore.pem"
    keystore.write_text("placeholder")
    secured = local.SecuredConfig(keystore=keystore, users={"parley": PASSWORD})
    cluster = local.plan_cluster(tmp_path / "broker-19500", 19500, 1, "4.1.1", secured=secured)
    (node,) = cluster.nodes
    assert node.internal_port is not None
    assert cluster.bootstrap == "127.0.0.1:19500"
    assert cluster.probe_bootstrap == f"127.0.0.1:{node.internal_port}"
    assert cluster.security_protocol == "SASL_SSL"

    text = local.render_properties(local.server_properties(cluster, node))
    props = dict(line.split("=", 1) for line in text.splitlines() if not line.startswith("#"))
    assert props["listeners"] == (
        f"SASL_SSL://127.0.0.1:19500,INTERNAL://127.0.0.1:{node.internal_port},"
        f"CONTROLLER://127.0.0.1:{node.controller_port}"
    )
    assert props["inter.broker.listener.name"] == "INTERNAL"
    assert props["listener.security.protocol.map"] == (
        "SASL_SSL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"
    )
    assert props["listener.name.sasl_ssl.sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
    assert props["listener.name.sasl_ssl.ssl.keystore.type"] == "PEM"
    assert props["listener.name.sasl_ssl.ssl.keystore.location"] == str(keystore.resolve())
    assert (
        "ScramLoginModule required;"
        in props["listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"]
    )
    assert PASSWORD not in text

    scram = (local.scram_argument("SCRAM-SHA-512", "parley", PASSWORD),)
    cmd = local.format_command(Path("/jdk/bin/java"), tmp_path, cluster, node, scram=scram)
    assert cmd[cmd.index("--add-scram") + 1] == scram[0]
    assert PASSWORD not in " ".join(cmd)

    manifest = json.dumps(cluster.to_json())
    assert PASSWORD not in manifest
    again = local.ClusterLayout.from_json(json.loads(manifest), tmp_path / "broker-19500")
    assert again == cluster
    assert again.secured is not None
    assert dict(again.secured.users) == {}

    # A plain cluster keeps its old shape: no internal listener, nothing secured stored.
    plain = local.plan_cluster(tmp_path / "broker-19600", 19600, 1, "4.1.1")
    assert plain.nodes[0].internal_port is None
    assert "secured" not in plain.to_json()
    assert "internal_port" not in plain.to_json()["nodes"][0]
    assert plain.probe_bootstrap == plain.bootstrap


def test_secured_config_rejects_what_kafka_cannot_take(tmp_path: Path) -> None:
    """Only SCRAM mechanisms, plain user names and non-empty passwords are accepted."""
    keystore = tmp_path / "k.pem"
    with pytest.raises(local.BrokerError, match="mechanism"):
        local.SecuredConfig(keystore=keystore, mechanism="PLAIN")
    with pytest.raises(local.BrokerError, match="user name"):
        local.SecuredConfig(keystore=keystore, users={"a=b": "x"})
    with pytest.raises(local.BrokerError, match="password"):
        local.SecuredConfig(keystore=keystore, users={"parley": ""})
