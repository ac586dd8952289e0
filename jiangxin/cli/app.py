"""The typer application and what every command shares: finding the workspace, opening the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from ..workspace import Workspace, WorkspaceError
from .help_zh import OPTIONS_METAVAR, SUBCOMMAND_METAVAR, ChineseGroup, install

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

install()

# every command (and group of commands) of the program, in the order `jiangxin --help` lists them, and
# the module under jiangxin/cli/ that defines it; a module is imported when one of its commands is used
COMMAND_MODULES: dict[str, str] = {
    "list": "browse", "show": "browse", "export": "browse",
    "fix": "corrections", "versions": "corrections",
    "extract": "extract",
    "ingest": "ingest", "watch": "ingest",
    "assign": "review", "scores": "review",
    "check": "rules", "tally": "rules", "points": "rules",
    "init": "setup", "demo": "setup", "backup": "setup", "restore": "setup",
    "serve": "web",
    "report": "report",
    "user": "web",
}  # fmt: skip


class ProgramGroup(ChineseGroup):
    """The program's commands, each built from its module when it is first asked for (click's lazy
    subcommands): `jiangxin extract` neither imports nor builds the other commands; `--help` does."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            self.commands[cmd_name] = _build(cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMAND_MODULES:  # a mistyped command: suggestions are drawn from all
            for name in COMMAND_MODULES:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


def _build(name: str) -> Any:
    """The click command `name`, from its module's registration on the app."""
    from importlib import import_module

    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    import_module(f"{__package__}.{COMMAND_MODULES[name]}")
    for info in app.registered_commands:
        if (info.name or get_command_name(info.callback.__name__ if info.callback else "")) == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:
        if group.name == name:
            return get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
    raise LookupError(f"jiangxin/cli/{COMMAND_MODULES[name]}.py defines no command {name}")


app = typer.Typer(
    name="jiangxin",
    cls=ProgramGroup,
    rich_markup_mode=None,  # help text is plain: "[news]" and the like are shown, not read as markup
    help="匠心：职工技术创新工作文书处理。把文件放进 inbox/，运行 `jiangxin ingest`。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=SUBCOMMAND_METAVAR,
)


@app.callback()
def _program() -> None:
    # no options of its own: it makes typer build the program as a group of commands while none is
    # registered yet (the commands' modules are imported on demand, see ProgramGroup)
    pass


class _LazyConsole:
    """A rich Console made on first use: importing rich takes a noticeable part of start-up, and
    commands such as `extract` never print through it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def _real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __enter__(self) -> Console:  # `with console:` (rich's Live and Progress)
        return self._real().__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._real().__exit__(*exc)


# markup off: file names, titles and messages print as written ("[news]" stays); colour only via `styled`
console = cast("Console", _LazyConsole(stderr=True, markup=False))
out = cast("Console", _LazyConsole(highlight=False, soft_wrap=True, markup=False))


def command_group(name: str, help: str) -> typer.Typer:
    """A group of subcommands (`jiangxin report …`, `jiangxin user …`) with the same Chinese help as the app."""
    group = typer.Typer(
        name=name,
        cls=ChineseGroup,
        rich_markup_mode=None,
        options_metavar=OPTIONS_METAVAR,
        subcommand_metavar=SUBCOMMAND_METAVAR,
        help=help,
        no_args_is_help=True,
    )
    app.add_typer(group, name=name)
    return group


def styled(label: str, style: str, rest: str = "") -> Text:
    """A coloured label followed by plain text (never read as markup)."""
    from rich.text import Text

    return Text.assemble((label, style), rest)


WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        metavar="文件夹",
        help="工作区文件夹（默认：当前文件夹或其上级中含 jiangxin.toml 的文件夹）",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", metavar="", help="输出机器可读的 JSON")]
AllOrganizationsOption = Annotated[
    bool,
    typer.Option(
        "--all-organizations",
        help="全省视图：共用一个数据库的各单位的记录一并查看（只读；仅限省公司的工作区）",
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    console.print(styled("错误：", "red", message))
    raise typer.Exit(code)


def load_workspace(path: Path | None) -> Workspace:
    try:
        return Workspace.load(path) if path else Workspace.find()
    except WorkspaceError as exc:
        fail(str(exc))


def open_store(ws: Workspace, *, all_organizations: bool = False):  # type: ignore[no-untyped-def]
    """The workspace's store, for its own organisation, or read-only across every organisation sharing
    the database (the province's view: the workspace must be configured as the province's)."""
    from ..store import StoreError

    if all_organizations and not ws.province:
        fail(
            "只有省公司的工作区（jiangxin.toml 的 [organization] 中 province = true）可以查看全省各单位的数据。"
        )
    try:
        return ws.open_store(all_organizations=all_organizations)
    except StoreError as exc:
        fail(str(exc))


def load_policy(ws: Workspace) -> Any:
    """The year's policy (the workspace's own, or the shipped default); a broken file ends the command."""
    from rules.policy import PolicyError
    from rules.policy import load_policy as load

    try:
        policy = load(ws.policy_path)
    except PolicyError as exc:
        fail(str(exc))
    if policy.year != ws.year:
        console.print(
            styled(
                "注意：",
                "yellow",
                f"工作区年度为 {ws.year} 年，所用实施方案是 {policy.year} 年度的（{policy.title}）。"
                "如需按新方案审查，请在 jiangxin.toml 的 [paths] policy 中指定本年度方案。",
            )
        )
    return policy


def is_tty() -> bool:
    return sys.stderr.isatty()
