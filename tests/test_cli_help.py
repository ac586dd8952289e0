"""Every command's help is Chinese (usage line, option table, defaults, placeholders) and text in
brackets is shown as written, never read as markup."""

from __future__ import annotations

import re

import click
import pytest
import typer
from typer.testing import CliRunner

from jiangxin.cli import app

# words that are not English prose: the program, formats and products the office knows by these names,
# the workspace's own folder names, and file extensions
ALLOWED = {
    "jiangxin", "JSON", "PDF", "Word", "Excel", "LibreOffice", "GB", "T", "Ctrl", "C", "inbox", "outbox",
    "templates", "xlsx", "docx", "pdf", "yaml", "txt", "toml", "demo",
}  # fmt: skip


def _commands() -> list[tuple[list[str], click.Command]]:
    """Every command path with its click command, the program itself first."""
    root = typer.main.get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    ctx = typer.Context(root)
    found: list[tuple[list[str], click.Command]] = [([], root)]
    for name in sorted(root.list_commands(ctx)):  # the program's commands are built when asked for
        command = root.get_command(ctx, name)
        assert command is not None, name
        found.append(([name], command))
        for sub, subcommand in sorted(getattr(command, "commands", {}).items()):
            found.append(([name, sub], subcommand))
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "jiangxin")
def test_help_has_no_english_but_option_and_command_names(path: list[str], runner: CliRunner) -> None:
    command = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    result = runner.invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("用法：jiangxin")
    names = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)} | {"--help"}
    names |= {n for _, c in COMMANDS for n in [c.name or ""]}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"[\w.-]+\.(xlsx|docx|yaml|txt|toml)\b", " ", text)  # file names such as jiangxin.toml
    words = set(re.findall(r"[A-Za-z]+", text))
    assert words <= ALLOWED, sorted(words - ALLOWED)


def test_placeholders_and_defaults_are_chinese(runner: CliRunner) -> None:
    extract = runner.invoke(app, ["extract", "--help"], terminal_width=200).output
    assert "用法：jiangxin extract ［选项］ 文件…" in extract
    assert "[必填]" in extract and "显示本帮助并退出。" in extract
    demo = runner.invoke(app, ["demo", "--help"], terminal_width=200).output
    assert "［文件夹］" in demo and "[默认：2025]" in demo
    assert "用法：jiangxin ［选项］ 命令 ［参数］…" in runner.invoke(app, ["--help"]).output


def test_brackets_in_help_are_kept(runner: CliRunner) -> None:
    news = runner.invoke(app, ["report", "news", "--help"], terminal_width=200).output
    assert "jiangxin.toml 的 [news]" in news


def test_an_error_message_keeps_bracketed_text(runner: CliRunner, workspace: object) -> None:
    root = workspace.root  # type: ignore[attr-defined]
    result = runner.invoke(app, ["list", "--kind", "[bold]通报[/bold]", "-w", str(root)])
    assert result.exit_code == 2
    assert "不认识的类型“[bold]通报[/bold]”" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show"], "错误：缺少参数 '编号'。"),
        (["show", "七"], "错误：'编号' 的值无效：应为整数。"),
        (["show", "1", "2"], "错误：多余的参数（2）。"),
        (["lst"], "错误：没有命令“lst”。是否想用 'list'？"),
        (["list", "--bogus"], "错误：没有选项 --bogus。"),
        (["report", "weekly"], "错误：没有命令“weekly”。"),
    ],
)
def test_usage_errors_are_chinese(args: list[str], message: str, runner: CliRunner) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output, result.output
    assert "查看帮助" in result.output
    assert not re.search(r"\b(Error|Usage|Try|Missing)\b", result.output), result.output


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "jiangxin")
def test_help_fits_the_terminal_and_aligns_in_columns(path: list[str], runner: CliRunner) -> None:
    """Chinese characters take two terminal columns: lines are wrapped and options aligned by that."""
    from jiangxin.cli.help_zh import display_width

    text = runner.invoke(app, [*path, "--help"], terminal_width=80).output
    lines = text.splitlines()
    assert (
        max(display_width(line) for line in lines) <= 80 + 4
    )  # closing marks (“）。”) may hang over the edge
    options = lines[lines.index("选项:") + 1 :]
    options = options[: next((i for i, ln in enumerate(options) if not ln.startswith("  ")), len(options))]
    starts = set()
    for line in options:
        m = re.match(r"^(  \S.*?\S)  +(\S)", line)
        if m:
            starts.add(display_width(line[: m.start(2)]))
    assert len(starts) == 1, options
