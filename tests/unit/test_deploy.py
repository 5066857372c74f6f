"""deploy/: the compose file, the Kubernetes manifests, Prometheus and the Grafana dashboard.

Nothing here needs a container engine: `docker compose config` (or Debian's
`docker-compose config`) only parses and validates, and every PromQL expression is
parsed with promql-parser to find the metric names it reads, which must all be
exported by a fresh `Metrics().registry`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import fields
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml

from parley.settings import Settings
from parley.stream.metrics import Metrics
from tests.debian_tools import require_program

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
K8S = DEPLOY / "k8s"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "parley.json"
PROMETHEUS = DEPLOY / "prometheus"
SETTINGS_ENV = {f.metadata["env"] for f in fields(Settings)}
# Series that Prometheus itself creates for every scrape target.
PROMETHEUS_OWN = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
# Series that rules may read before this branch's worker exports them: the stall gauge
# of the reliability work (issue #17). The alert also fires without it.
PENDING = {"parley_stage_stalled"}
# Grafana's built-in variables, replaced by a duration so that the expression parses.
GRAFANA_VARS = re.compile(r"\$__(rate_interval|interval|range)\b|\$\{__\w+\}")


def _compose() -> dict[str, Any]:
    doc = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(doc, dict)
    return doc


def _manifests() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs.extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    return docs


def _exported_names() -> set[str]:
    """Every series name a fresh worker registry can export, from its metric families."""
    names: set[str] = set()
    for family in Metrics().registry.collect():
        if family.type == "counter":
            names.add(f"{family.name}_total")
        elif family.type == "histogram":
            names |= {f"{family.name}_bucket", f"{family.name}_sum", f"{family.name}_count"}
        else:
            names.add(family.name)
    return names


def _metric_names(expr: str) -> set[str]:
    """The metric names an expression selects, from its parsed syntax tree."""
    tree = promql_parser.parse(GRAFANA_VARS.sub("5m", expr))
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            found.add(node.name)

    promql_parser.walk(tree, visit)
    return found


def _dashboard_exprs() -> list[str]:
    doc = json.loads(DASHBOARD.read_text())
    exprs = []

    def panels(items: list[dict[str, Any]]) -> None:
        for p in items:
            exprs.extend(t["expr"] for t in p.get("targets", []) if t.get("expr"))
            panels(p.get("panels", []))

    panels(doc["panels"])
    return exprs


def _compose_cli() -> list[str] | None:
    """A compose implementation that can run `config`: the docker plugin, else docker-compose."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


# -- compose ---------------------------------------------------------------------------


def test_compose_file_has_kafka_kraft_topics_two_workers_prometheus_and_grafana() -> None:
    """The compose file parses and wires KRaft Kafka, a topics step, two workers and monitoring."""
    services = _compose()["services"]
    assert {"kafka", "topics", "parley-1", "parley-2", "prometheus", "grafana"} <= set(services)
    kafka = services["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    assert services["topics"]["command"] == ["topics", "create"]
    assert services["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("parley-1", "parley-2"):
        worker = services[name]
        assert worker["command"] == ["worker"]
        assert worker["image"] == services["topics"]["image"]
        assert worker["depends_on"]["topics"]["condition"] == "service_completed_successfully"
        assert worker["environment"]["PARLEY_WEB_BIND"] == "0.0.0.0"
    grafana_mounts = " ".join(services["grafana"]["volumes"])
    assert "./grafana/provisioning:/etc/grafana/provisioning" in grafana_mounts
    assert "./prometheus:/etc/prometheus" in " ".join(services["prometheus"]["volumes"])


def test_compose_parley_environment_uses_only_settings_parley_reads() -> None:
    """Every variable the compose file gives Parley is one of its settings, so none is a typo."""
    services = _compose()["services"]
    for name in ("topics", "parley-1", "parley-2"):
        unknown = set(services[name]["environment"]) - SETTINGS_ENV
        assert not unknown, f"{name}: {sorted(unknown)}"


def test_docker_compose_config_accepts_the_file() -> None:
    """`docker compose config` (or Debian's docker-compose) validates the file without an engine."""
    cli = _compose_cli()
    if cli is None:
        pytest.skip(
            "no compose implementation: neither `docker compose` nor `docker-compose` "
            "(apt-get install docker-compose); the YAML checks above still ran"
        )
    done = subprocess.run(
        [*cli, "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_docker_compose_config_rejects_a_broken_file(tmp_path: Path) -> None:
    """The same check fails on an invalid service key, so the previous test proves something."""
    cli = _compose_cli()
    if cli is None:
        pytest.skip("no compose implementation (apt-get install docker-compose)")
    doc = _compose()
    doc["services"]["parley-1"]["restart_policy_typo"] = "always"
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(yaml.safe_dump(doc))
    done = subprocess.run(
        [*cli, "-f", str(broken), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode != 0
    assert "restart_policy_typo" in done.stderr


def test_dockerfile_installs_rocksdb_extra_runs_worker_and_checks_healthz() -> None:
    """Both stages start FROM the BASE argument (python:3.11-slim unless the build names
    another), install the rocksdb extra, run the worker and check /healthz."""
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^ARG BASE=python:3\.11-slim$", text, re.M)
    assert re.findall(r"^FROM (\S+)", text, re.M) == ["${BASE}", "${BASE}"]
    assert ".[rocksdb]" in text
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", text, re.M)
    assert 'ENTRYPOINT ["parley"]' in text
    assert 'CMD ["worker"]' in text
    assert "PARLEY_WEB_BIND=0.0.0.0" in text
    env_names = set(re.findall(r"\b((?:PARLEY|KAFKA)_[A-Z_]+)=", text))
    assert env_names <= SETTINGS_ENV, env_names - SETTINGS_ENV


def test_dockerfile_copies_what_the_package_symlinks_to() -> None:
    """Files the package reaches through symlinks (schemas/) are copied into the build stage."""
    root = DEPLOY.parent
    text = (DEPLOY / "Dockerfile").read_text()
    sources = re.findall(r"^COPY (?!--from)(.+?) \S+$", text, re.M)
    copied = {part for line in sources for part in line.split()}
    assert {"pyproject.toml", "setup.py", "README.md", "services"} <= copied
    links = [p for p in (root / "services").rglob("*") if p.is_symlink()]
    for link in links:
        target = link.resolve().relative_to(root)
        assert target.parts[0] in copied, f"{link} -> {target} is not copied into the image"
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for name in copied:
        assert f"!{name}" in ignore, f"{name} is filtered out of the build context"


def test_image_script_sends_every_file_the_dockerfile_copies() -> None:
    """deploy/image/build.sh's tar context holds each COPY source and the Dockerfile, and the
    build uses the host's network (no bridge on the engine it may start)."""
    script = (DEPLOY / "image" / "build.sh").read_text()
    (tar,) = re.findall(r"^tar -c (.*?)\|", script, re.M | re.S)
    sent = {w for w in tar.replace("\\", " ").split() if not w.startswith("-")}
    text = (DEPLOY / "Dockerfile").read_text()
    sources = re.findall(r"^COPY (?!--from)(.+?) \S+$", text, re.M)
    copied = {part for line in sources for part in line.split()}
    assert copied | {"deploy/Dockerfile"} <= sent
    assert "docker build --network host" in script
    assert "--bridge=none" in (DEPLOY / "image" / "engine.sh").read_text()


# -- Kubernetes --------------------------------------------------------------------------


def test_k8s_manifests_parse_with_the_expected_kinds() -> None:
    """deploy/k8s holds a Deployment, a Service, ConfigMaps and a Secret, all parseable YAML."""
    kinds = sorted(d["kind"] for d in _manifests())
    assert kinds == ["ConfigMap", "ConfigMap", "Deployment", "Secret", "Service"]
    for doc in _manifests():
        assert doc["apiVersion"] in {"v1", "apps/v1"}
        assert doc["metadata"]["name"].startswith("parley")
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == sorted(
        p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml"
    )


def _by_kind(kind: str) -> list[dict[str, Any]]:
    return [d for d in _manifests() if d["kind"] == kind]


def test_k8s_deployment_probes_ports_and_references() -> None:
    """Liveness probes /healthz, readiness /readyz, on the web port; env comes from the objects."""
    (deployment,) = _by_kind("Deployment")
    pod = deployment["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert container["livenessProbe"]["httpGet"]["port"] in ports
    assert container["readinessProbe"]["httpGet"]["port"] in ports

    names = {d["metadata"]["name"] for d in _manifests()}
    refs = [next(iter(src.values()))["name"] for src in container["envFrom"]]
    assert set(refs) <= names
    assert any("secretRef" in src for src in container["envFrom"])

    (config,) = [c for c in _by_kind("ConfigMap") if c["metadata"]["name"] == "parley-config"]
    assert ports["http"] == int(config["data"]["PARLEY_WEB_PORT"])
    assert config["data"]["PARLEY_WEB_BIND"] == "0.0.0.0"
    assert (
        deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    )

    (service,) = _by_kind("Service")
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert service["spec"]["ports"][0]["targetPort"] in ports


def test_k8s_settings_and_secret_use_parley_variable_names() -> None:
    """The ConfigMap and Secret keys are Parley settings; the Secret holds the SASL credentials."""
    (config,) = [c for c in _by_kind("ConfigMap") if c["metadata"]["name"] == "parley-config"]
    unknown = set(config["data"]) - SETTINGS_ENV
    assert not unknown, sorted(unknown)
    (secret,) = _by_kind("Secret")
    assert set(secret["stringData"]) == {"KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"}
    assert "KAFKA_SASL_PASSWORD" not in config["data"], "the password belongs in the Secret"
    assert config["data"]["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"


# -- Prometheus and Grafana ----------------------------------------------------------------


def test_prometheus_scrapes_both_compose_workers() -> None:
    """prometheus.yml scrapes /metrics on the web port of both compose workers."""
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    (job,) = [j for j in config["scrape_configs"] if j["job_name"] == "parley"]
    targets = {t for sc in job["static_configs"] for t in sc["targets"]}
    port = _compose()["services"]["parley-1"]["environment"]["PARLEY_WEB_PORT"]
    assert targets == {f"parley-1:{port}", f"parley-2:{port}"}
    assert job.get("metrics_path", "/metrics") == "/metrics"


def test_grafana_provisioning_points_at_the_dashboard_and_datasource() -> None:
    """The provisioned datasource uid is the one the dashboard panels use, and the path matches."""
    ds = yaml.safe_load(
        (DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )
    (source,) = ds["datasources"]
    provider = yaml.safe_load(
        (DEPLOY / "grafana" / "provisioning" / "dashboards" / "parley.yml").read_text()
    )
    mounts = _compose()["services"]["grafana"]["volumes"]
    assert f"./grafana/dashboards:{provider['providers'][0]['options']['path']}:ro" in mounts
    doc = json.loads(DASHBOARD.read_text())
    used = {p["datasource"]["uid"] for p in doc["panels"]}
    assert used == {source["uid"]}


def test_dashboard_has_the_issue_panels() -> None:
    """The dashboard shows throughput, lag, dead letters, events by kind and country, latency
    and what the stall alert reads."""
    doc = json.loads(DASHBOARD.read_text())
    titles = " | ".join(p["title"].lower() for p in doc["panels"])
    for want in ("throughput", "lag", "dead-letter", "by kind", "by country", "latency", "stall"):
        assert want in titles, want
    exprs = " ".join(_dashboard_exprs())
    for q in ("0.50", "0.95", "0.99"):
        assert f"histogram_quantile({q}" in exprs


def test_every_metric_the_dashboard_queries_is_exported() -> None:
    """Each PromQL expression of the dashboard parses and reads only metrics the worker exports."""
    exported = _exported_names()
    exprs = _dashboard_exprs()
    assert len(exprs) >= 10
    for expr in exprs:
        missing = _metric_names(expr) - exported - PROMETHEUS_OWN
        assert not missing, f"{expr!r} reads {sorted(missing)}"


def test_every_metric_the_alert_rules_query_is_exported() -> None:
    """Each alert rule parses and reads only metrics the worker exports."""
    rules = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())
    exported = _exported_names()
    exprs = [r["expr"] for g in rules["groups"] for r in g["rules"]]
    assert exprs
    for expr in exprs:
        missing = _metric_names(expr) - exported - PROMETHEUS_OWN - PENDING
        assert not missing, f"{expr!r} reads {sorted(missing)}"


def test_stall_alert_reads_each_stage_lag_and_progress() -> None:
    """ParleyStalled pairs each topic's lag with the counter of the stage that reads it,
    and fires from today's metrics, not only from the pending stall gauge."""
    rules = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())
    (stalled,) = [r for g in rules["groups"] for r in g["rules"] if r["alert"] == "ParleyStalled"]
    names = _metric_names(stalled["expr"])
    assert {
        "parley_consumer_lag_messages",
        "parley_articles_consumed_total",
        "parley_articles_processed_total",
    } <= names
    assert names - PENDING <= _exported_names()
    assert 'topic=~".+-candidates"' in stalled["expr"]
    assert 'topic!~".+-candidates"' in stalled["expr"]


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    promtool = require_program("promtool", "prometheus")
    return subprocess.run(
        [promtool, *args], capture_output=True, text=True, check=False, timeout=60, cwd=PROMETHEUS
    )


def test_promtool_accepts_the_config_and_its_rules() -> None:
    """`promtool check config` accepts prometheus.yml and the rule file it names."""
    done = _promtool("check", "config", "prometheus.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 rule files found" in done.stdout
    done = _promtool("check", "rules", "rules.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_promtool_rejects_a_rule_with_a_bad_expression(tmp_path: Path) -> None:
    """The same check fails on a rule whose PromQL does not parse, so the previous test proves
    something."""
    rules = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())
    rules["groups"][0]["rules"][0]["expr"] = "sum(rate(parley_articles_consumed_total[5m])"
    broken = tmp_path / "rules.yml"
    broken.write_text(yaml.safe_dump(rules))
    done = _promtool("check", "rules", str(broken))
    assert done.returncode != 0


def test_promtool_unit_tests_of_the_rules_pass() -> None:
    """rules.test.yml: the stall alert fires for a stalled extract or dedup stage and for the
    stall gauge, not for a busy pipeline, and clears when work moves again."""
    done = _promtool("test", "rules", "rules.test.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_metric_name_extraction_sees_through_functions_and_labels() -> None:
    """The PromQL walk finds selector names and ignores functions, labels and Grafana variables."""
    expr = (
        'histogram_quantile(0.95, sum by (le) (rate(parley_x_seconds_bucket{job="a"}'
        "[$__rate_interval]))) / on() group_left sum(up) > bool 0"
    )
    assert _metric_names(expr) == {"parley_x_seconds_bucket", "up"}
    with pytest.raises(ValueError, match="paren"):
        _metric_names("sum(rate(parley_x_total[5m])")
