"""The JupyterLite site `make book` builds into _build/html/lite (book/lite.py): the launch
buttons open files of the site, and the helpers wheel inside it installs what the repository
defines."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import zipfile
from email.parser import Parser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

import helpers
from book.bootstrap import bootstrap_source
from book.lite import SITE
from book.toc import toc_notebooks

from ._support import REPO

pytestmark = pytest.mark.book

NOTEBOOKS = toc_notebooks()
LAUNCH = re.compile(r'href="([^"]*/lab/index\.html\?path=[^"]*)"')


@pytest.fixture(scope="module")
def site(html_dir):
    site = html_dir / SITE
    assert (site / "jupyter-lite.json").is_file(), f"no JupyterLite site in {site}: run `make book`"
    return site


@pytest.fixture(scope="module")
def index(site):
    return json.loads((site / "pypi" / "all.json").read_text("utf8"))


def test_the_site_has_the_pyodide_kernel_and_the_labs_front_ends(site):
    config = json.loads((site / "jupyter-lite.json").read_text("utf8"))["jupyter-config-data"]
    extensions = {extension["name"] for extension in config["federated_extensions"]}
    needed = {
        "@jupyterlite/pyodide-kernel-extension",
        "@jupyter-widgets/jupyterlab-manager",
        "anywidget",
        "jupyterlab-myst",
    }
    assert needed <= extensions, f"missing from the site: {needed - extensions}"
    assert (site / "lab" / "index.html").is_file()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_launch_button_opens_this_notebook_in_the_site(html_dir, site, notebook):
    page = html_dir / notebook.replace(".ipynb", ".html")
    links = LAUNCH.findall(page.read_text("utf8"))
    assert len(links) == 1, f"{page.name}: expected one 'Run in the browser' link, found {links}"
    url = urlsplit(urljoin(page.as_uri(), links[0].replace("&amp;", "&")))
    assert url.path == (site / "lab" / "index.html").as_uri()[len("file://"):], url
    (path,) = parse_qs(url.query)["path"]
    assert path == notebook
    served = site / "files" / path
    assert served.is_file(), f"the launch link of {page.name} opens {path}, not a file of the site"
    assert json.loads(served.read_text("utf8")) == json.loads((REPO / notebook).read_text("utf8"))


def test_the_site_holds_only_the_books_notebooks(site):
    served = sorted(p.relative_to(site / "files").as_posix() for p in (site / "files").rglob("*.ipynb"))
    assert served == sorted(NOTEBOOKS)


def test_the_helpers_wheel_is_indexed_for_piplite(site, index):
    (release,) = index["lr-helpers"]["releases"][helpers.__version__]
    wheel = site / "pypi" / release["filename"]
    assert wheel.is_file() and urljoin("pypi/", release["url"]) == f"pypi/{wheel.name}"
    assert release["digests"]["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    # The Pyodide branch of the bootstrap cell asks for that name.
    lines = bootstrap_source(NOTEBOOKS[0]).splitlines()
    branch = next(k for k, line in enumerate(lines) if 'sys.platform == "emscripten"' in line)
    install = lines[branch + 1].split()
    assert install[:2] == ["%pip", "install"] and "lr-helpers" in install


def test_the_helpers_wheel_carries_the_package_and_its_metadata(site, index):
    (release,) = index["lr-helpers"]["releases"][helpers.__version__]
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf8"))["project"]
    with zipfile.ZipFile(site / "pypi" / release["filename"]) as wheel:
        names = set(wheel.namelist())
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(wheel.read(metadata_name).decode("utf8"))
    assert metadata["Name"] == project["name"] and metadata["Version"] == project["version"]
    assert metadata["Requires-Python"] == project["requires-python"]
    assert set(metadata.get_all("Provides-Extra")) == set(project["optional-dependencies"])
    requires = metadata.get_all("Requires-Dist")
    for dependency in project["dependencies"]:
        assert dependency in requires
    # Every module of the package and the labs' front ends, nothing of the build tooling.
    modules = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "helpers").rglob("*.py")
        if "node_modules" not in p.parts
    }
    assert modules <= names, f"not in the wheel: {sorted(modules - names)}"
    static = {p.relative_to(REPO).as_posix() for p in (REPO / "helpers" / "labs" / "static").glob("*.js")}
    assert static and static <= names and "helpers/labs/js/lab.css" in names
    assert not any(n.startswith(("book/", "tests/", "helpers/labs/js/src/")) for n in names)
