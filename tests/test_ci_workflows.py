"""The CI workflows (.github/workflows/, .gitlab-ci.yml): valid by the schemas that
check-jsonschema ships (offline), no zizmor finding of medium or higher, and the
promises the README makes about them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent
GITHUB = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
GITLAB = ROOT / ".gitlab-ci.yml"
SHA = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / name), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict:
    # PyYAML reads `on:` as True (YAML 1.1); GitHub means the key "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_workflows_for_checks_and_deploys():
    assert [p.name for p in GITHUB] == ["check.yml", "deploy.yml"] and GITLAB.exists()


@pytest.mark.parametrize("schema, paths", [("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", [GITLAB])])
def test_workflows_pass_the_builtin_schemas(schema, paths):
    result = tool("check-jsonschema", "--builtin-schema", schema, *map(str, paths))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n    runs-on: [ubuntu-24.04]\n    permissions: alles\n")
    assert tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)).returncode != 0
    gitlab = tmp_path / ".gitlab-ci.yml"
    gitlab.write_text("job:\n  stage: build\n  script: 3\n  when: sometimes\n")
    assert tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(gitlab)).returncode != 0


def test_zizmor_finds_nothing_of_medium_or_higher():
    result = tool("zizmor", "--offline", "--min-severity", "medium", "--format", "plain", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_would_report_the_usual_mistakes(tmp_path: Path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "name: bad\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo \"${{ github.event.head_commit.message }}\"\n"
    )
    result = tool("zizmor", "--offline", "--min-severity", "medium", "--format", "plain", str(folder))
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and "template-injection" in result.stdout


@pytest.mark.parametrize("path", GITHUB, ids=lambda p: p.name)
def test_github_workflows_are_pinned_read_only_and_template_free(path: Path):
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    for step in steps(workflow):
        if "uses" in step:
            assert SHA.match(step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), "expressions go through env:, never into a script"
    text = path.read_text(encoding="utf-8")
    for pinned in re.findall(r"uses: (\S+@[0-9a-f]{40}) # (v\d+\.\d+\.\d+)", text):
        assert pinned[1]  # the release the commit belongs to, for readers and Dependabot
    assert "actions/setup-python@" in text and "cache: pip" in text
    assert "actions/cache@" in text and "path: .cache" in text


def test_triggers_and_the_member_guard():
    check, deploy = (load(p) for p in GITHUB)
    assert set(check["on"]) == {"push", "pull_request"}
    assert deploy["on"]["push"] == {"branches": ["main"]} and "workflow_dispatch" in deploy["on"]
    assert deploy["on"]["schedule"] == [{"cron": "15 2 * * *"}]  # 03:15 CET / 04:15 CEST
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert any("make check CHECK_ARGS=\"--format github\"" in step.get("run", "") for step in steps(check))
    members = check["jobs"]["build-members"]["steps"][-1]
    assert members["env"]["REPO_PRIVATE"] == "${{ github.event.repository.private }}" and members["run"] == "make build-members"
    deploy_step = next(step for step in steps(deploy) if "make deploy" in step.get("run", ""))
    assert deploy_step["env"]["EVENT_PRIVATE"] == "${{ github.event.repository.private }}"
    assert deploy_step["env"]["DEPLOY_SSH_KEY"] == "${{ secrets.DEPLOY_SSH_KEY }}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "build-members: setup guard" in makefile and "deploy: build build-members" in makefile


def test_gitlab_pipeline():
    pipeline = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert pipeline["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "--format gitlab --report gl-code-quality-report.json" in pipeline["check"]["script"][0]
    assert pipeline["build-members"]["script"] == ["make build-members"] and "artifacts" not in pipeline["build-members"]
    assert pipeline["deploy"]["script"] == ["make deploy"] and pipeline["deploy"]["resource_group"] == "production"
    assert "schedule" in pipeline["deploy"]["rules"][0]["if"] and "CI_DEFAULT_BRANCH" in pipeline["deploy"]["rules"][0]["if"]
    assert pipeline["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert pipeline["check"]["cache"]["paths"] == [".cache/"]
