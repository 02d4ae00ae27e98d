"""The book's pages as `_toc.yml` lists them: the one list every build step reads."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def toc_docnames(repo: Path = REPO) -> list[str]:
    """Every file `_toc.yml` names (root first, then in reading order), without suffix."""
    toc = yaml.safe_load((repo / "_toc.yml").read_text("utf8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", ()):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def toc_notebooks(repo: Path = REPO) -> list[str]:
    """The notebooks among them (chapters and labs), as paths relative to `repo`."""
    return [f"{name}.ipynb" for name in toc_docnames(repo) if (repo / f"{name}.ipynb").is_file()]
