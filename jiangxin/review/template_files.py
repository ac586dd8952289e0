"""Which .docx template to render: the workspace's own copy if the office keeps one, else the shipped one."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from reports.template_check import TemplateProblem, check_template

from ..workspace import Workspace


def template_path(ws: Workspace, name: str) -> Path:
    """`<templates_dir>/<name>` when the workspace sets a templates folder holding it, else `templates/<name>`."""
    if ws.templates_dir is not None and (ws.templates_dir / name).is_file():
        return ws.templates_dir / name
    return Path(str(resources.files("templates").joinpath(name)))


def checked_template(ws: Workspace, name: str) -> Path:
    """The template, after checking a clerk's edits left every tag intact (raises TemplateProblem)."""
    path = template_path(ws, name)
    problems = check_template(path)
    if problems:
        raise TemplateProblem(path, problems)
    return path
