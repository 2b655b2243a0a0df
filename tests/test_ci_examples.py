"""The example pipelines are valid YAML and run the real validate command."""

from __future__ import annotations

import yaml

from tests.support import PROJECT


def test_github_actions_example() -> None:
    workflow = yaml.safe_load((PROJECT / "examples" / "ci" / "github-actions.yml").read_text())
    steps = workflow["jobs"]["validate"]["steps"]
    script = next(s["run"] for s in steps if s.get("id") == "validate")
    assert "citynet validate --format junit --output reports/citynet.xml" in script
    assert "inventory/**" in workflow[True]["pull_request"]["paths"]  # YAML 1.1 reads 'on' as True


def test_gitlab_example() -> None:
    pipeline = yaml.safe_load((PROJECT / "examples" / "ci" / "gitlab-ci.yml").read_text())
    job = pipeline["citynet-validate"]
    assert any("citynet validate --format junit" in line for line in job["script"])
    assert job["artifacts"]["reports"]["junit"] == "reports/citynet.xml"
