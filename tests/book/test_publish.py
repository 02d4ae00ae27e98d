"""Where the book is published, written once: `html.baseurl` in _config.yml is the GitHub
Pages address of the repository, which .github/workflows/pages.yml deploys the built book to
(the PDF's labs link there). Needs nothing built."""

from __future__ import annotations

import yaml

from book.bootstrap import repository_url
from book.pdf import live_book_url

from ._support import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def test_the_live_address_is_the_repositorys_pages():
    owner, name = repository_url().rstrip("/").split("/")[-2:]
    assert live_book_url() == f"https://{owner.lower()}.github.io/{name}", (
        "html.baseurl in _config.yml must be the GitHub Pages address of repository.url "
        "(a fork that publishes elsewhere changes both this test and the workflow)"
    )


def test_the_pages_workflow_builds_the_book_with_make_book_and_publishes_it():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "make book" in runs
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert [s["with"]["path"] for s in uploads] == ["_build/html"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in steps)
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert str(python["with"]["python-version"]) == (REPO / "runtime.txt").read_text().strip().split("-")[1]
