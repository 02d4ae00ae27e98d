"""Fetch the book's browser assets from npm, pinned, into ``book/_static/vendor``.

The built HTML must work with no network: MathJax, require.js, the ipywidgets HTML
manager and every widget front end the labs use are served from the book itself.
This script downloads each package once with ``npm pack`` into a git-ignored cache
(``book/.cache/npm``), checks the tarball against the integrity hash pinned below,
and copies the files the book needs, with the package's licence, into
``book/_static/vendor/<name>/``. Sphinx then copies them to ``_build/html/_static``.

Run it with ``make assets`` (``make book`` runs it first). It is a no-op when the
vendored copy already matches the pins.

To upgrade a package: change its version, run
``npm view <name>@<version> dist.integrity`` and paste the hash.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BOOK_DIR = Path(__file__).resolve().parent
CACHE_DIR = BOOK_DIR / ".cache" / "npm"
VENDOR_DIR = BOOK_DIR / "_static" / "vendor"
STAMP = VENDOR_DIR / "VERSIONS.json"


@dataclass(frozen=True)
class Package:
    """One npm package and what the book copies out of it."""

    name: str
    version: str
    integrity: str  # sha512 of the tarball, as `npm view NAME@VERSION dist.integrity`
    dest: str  # folder under `_static/vendor`
    root: str  # folder inside the tarball that maps to `dest`
    include: tuple[str, ...]  # files, folders or glob patterns under `root`
    licence: str | None  # licence file in the tarball, or None (see `LICENCE_NOTES`)
    python_twin: str | None = None  # PyPI package whose version must match (same API)
    exclude_suffixes: tuple[str, ...] = field(default=(".map",))

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


# A data table, one entry a pinned package: its entries share their shape by design.
PACKAGES = (
    Package(
        name="mathjax",
        version="3.2.2",
        integrity="sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        dest="mathjax",
        root="package/es5",
        # The combined TeX+MathML+CommonHTML component plus what it loads on demand:
        # TeX extensions (autoload), fonts, the menu, accessibility and speech.
        # Not `latest.js`, which loads MathJax from a CDN.
        include=("tex-mml-chtml.js", "a11y", "adaptors", "input", "output", "sre", "ui"),
        licence="package/LICENSE",
    ),
    Package(
        name="requirejs",
        version="2.3.8",
        integrity="sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        dest="requirejs",
        root="package",
        include=("require.js",),
        licence=None,
    ),
    Package(
        name="@jupyter-widgets/html-manager",
        version="1.0.15",
        integrity="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        dest="html-manager",
        root="package/dist",
        # `embed-amd.js` defines @jupyter-widgets/base, controls and the manager as
        # AMD modules; its icon fonts (Font Awesome) sit beside it under hashed names.
        include=(
            "embed-amd.js",
            "embed.js.LICENSE.txt",
            "*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg",
        ),
        licence=None,
    ),
    Package(
        name="anywidget",
        version="0.11.0",
        integrity="sha512-LHZgW2j5UjyerZSZcO+BtZPXGMSORQV2bUT480hOR5x/BXS8sOradi/71amJfMueSEnKX0dqPwTfsOGHTsyZpQ==",
        dest="anywidget",
        root="package/dist",
        # An AMD module: `define(["@jupyter-widgets/base"], ...)`.
        include=("index.js",),
        licence="package/LICENSE",
        python_twin="anywidget",
    ),
)

# Packages whose npm tarball carries no licence file: the licence is written from
# the package's own notice (and, for the manager, from its monorepo's LICENSE).
MIT_TEMPLATE = """\
{notice}

MIT License

Copyright jQuery Foundation and other contributors, https://jquery.org/

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""


def _licence_requirejs(extracted: Path) -> str:
    # The notice at the top of require.js is the package's own statement of its licence.
    header = (extracted / "package" / "require.js").read_text("utf8").split("*/", 1)[0]
    notice = "\n".join(line.strip(" */") for line in header.splitlines()[1:] if line.strip(" */"))
    return MIT_TEMPLATE.format(notice=notice)


def _licence_html_manager(extracted: Path) -> str:
    # html-manager lives in the ipywidgets monorepo, under the monorepo's BSD-3-Clause
    # LICENSE; the ipywidgets wheel ships that file.
    meta = json.loads((extracted / "package" / "package.json").read_text("utf8"))
    dist = importlib.metadata.distribution("ipywidgets")
    files = [f for f in dist.files or () if f.name == "LICENSE"]
    if not files:
        raise SystemExit("fetch_assets: the ipywidgets wheel ships no LICENSE to copy")
    text = Path(dist.locate_file(files[0])).read_text("utf8")
    return (
        f"{meta['name']} {meta['version']}: license {meta['license']} "
        f"(package.json), from the ipywidgets repository; its LICENSE follows.\n\n{text}"
    )


LICENCE_WRITERS = {"requirejs": _licence_requirejs, "@jupyter-widgets/html-manager": _licence_html_manager}


def _sha512(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def _tarball(pkg: Package) -> Path:
    """Return the cached tarball of `pkg`, running `npm pack` on a cache miss."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached = CACHE_DIR / (pkg.spec.lstrip("@").replace("/", "-") + ".tgz")
    if not cached.exists() or _sha512(cached) != pkg.integrity:
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("fetch_assets: npm is needed once to fetch the pinned assets (apt-get install -y npm)")
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [npm, "pack", "--json", "--silent", "--pack-destination", tmp, pkg.spec],
                check=True, capture_output=True, text=True,
            )
            filename = json.loads(out.stdout)[0]["filename"]
            shutil.move(Path(tmp) / filename, cached)
    found = _sha512(cached)
    if found != pkg.integrity:
        cached.unlink()
        raise SystemExit(f"fetch_assets: {pkg.spec} has integrity {found}, expected {pkg.integrity}")
    return cached


def _check_python_twin(pkg: Package) -> None:
    # The widget's Python side declares `_model_module_version = "~X.Y.*"`; the
    # front end we serve must be the same X.Y or the manager would refuse it.
    if pkg.python_twin is None:
        return
    try:
        py_version = importlib.metadata.version(pkg.python_twin)
    except importlib.metadata.PackageNotFoundError:
        return
    if py_version.split(".")[:2] != pkg.version.split(".")[:2]:
        raise SystemExit(
            f"fetch_assets: {pkg.python_twin} {py_version} is installed but the book vendors "
            f"{pkg.spec}; pin the same minor version in book/fetch_assets.py"
        )


def _vendor(pkg: Package) -> None:
    dest = VENDOR_DIR / pkg.dest
    with tempfile.TemporaryDirectory() as tmp:
        extracted = Path(tmp)
        with tarfile.open(_tarball(pkg)) as tar:
            tar.extractall(extracted, filter="data")
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        root = extracted / pkg.root
        ignore = shutil.ignore_patterns(*(f"*{suffix}" for suffix in pkg.exclude_suffixes))
        for pattern in pkg.include:
            matches = sorted(root.glob(pattern))
            if not matches:
                raise SystemExit(f"fetch_assets: {pkg.spec} has no {pkg.root}/{pattern}")
            for src in matches:
                target = dest / src.relative_to(root)
                if src.is_dir():
                    shutil.copytree(src, target, ignore=ignore)
                else:
                    shutil.copy2(src, target)
        if pkg.licence is not None:
            shutil.copy2(extracted / pkg.licence, dest / "LICENSE")
        else:
            (dest / "LICENSE").write_text(LICENCE_WRITERS[pkg.name](extracted), "utf8")


def main() -> int:
    pins = {pkg.spec: pkg.integrity for pkg in PACKAGES}
    for pkg in PACKAGES:
        _check_python_twin(pkg)
    if STAMP.exists() and json.loads(STAMP.read_text("utf8")) == pins and all(
        (VENDOR_DIR / pkg.dest / "LICENSE").exists() for pkg in PACKAGES
    ):
        print(f"fetch_assets: {VENDOR_DIR.relative_to(BOOK_DIR.parent)} is up to date")
        return 0
    for pkg in PACKAGES:
        print(f"fetch_assets: {pkg.spec} -> {(VENDOR_DIR / pkg.dest).relative_to(BOOK_DIR.parent)}")
        _vendor(pkg)
    STAMP.write_text(json.dumps(pins, indent=2) + "\n", "utf8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
