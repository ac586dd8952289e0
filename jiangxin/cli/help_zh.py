"""Chinese for the words click and typer print themselves (Usage, Options, [default: …], error messages).

Both libraries pass these strings through gettext (`from gettext import gettext as _` in each module,
and module constants for typer's help panels). The program has one audience, the office, whatever
the machine's locale: `install()` gives those modules a catalogue lookup with the Chinese below, and
sets typer's panel titles. A string missing from the catalogue is shown as the library wrote it.
"""

from __future__ import annotations

import importlib.abc
import sys
import unicodedata
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import IO, Any

from typer._click.core import Context
from typer._click.exceptions import UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup

from ..core.patterns import LazyPattern

# the usage line's placeholders (typer.Typer options_metavar / subcommand_metavar)
OPTIONS_METAVAR = "［选项］"
SUBCOMMAND_METAVAR = "命令 ［参数］…"

MESSAGES: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Error": "错误",
    "Error: {message}": "错误：{message}",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "[default: {}]": "［默认：{}］",
    "default: {default}": "默认：{default}",
    "[env var: {}]": "［环境变量：{}］",
    "env var: {var}": "环境变量：{var}",
    "[required]": "［必填］",
    "required": "必填",
    "(deprecated) ": "（已停用）",
    "deprecated": "已停用",
    "(dynamic)": "（动态）",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行“{command_path} {help_option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "float": "数",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "直接确认，不再询问。",
}
PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
}
_PLURAL_MANY = {
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
}

_MODULES = (
    "click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser", "click.types",
    "click.termui", "click.utils", "typer.core", "typer.rich_utils",
)  # fmt: skip
_PANEL_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


def gettext_zh(message: str) -> str:
    """The Chinese of a click/typer message, or the message itself."""
    return MESSAGES.get(message) or PLURALS.get(message) or message


def ngettext_zh(singular: str, plural: str, n: int) -> str:
    """The Chinese of a click message with a singular and a plural form (Chinese has one)."""
    if n == 1:
        return PLURALS.get(singular) or MESSAGES.get(singular) or singular
    return _PLURAL_MANY.get(plural) or plural


def _apply_catalogue(module: ModuleType) -> None:
    """Point one library module's gettext lookups (and typer's panel titles) at the Chinese catalogue."""
    lookups: dict[str, Callable[..., str]] = {"_": gettext_zh, "ngettext": ngettext_zh}
    for attr, lookup in lookups.items():
        if hasattr(module, attr):
            setattr(module, attr, lookup)
    if module.__name__ == "typer.rich_utils":
        for attr, english in _PANEL_CONSTANTS.items():
            setattr(module, attr, gettext_zh(english))


class _PatchedLoader(importlib.abc.Loader):
    """A module's own loader, with the catalogue applied once the module has run."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        _apply_catalogue(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename …: the real loader's
        return getattr(self._loader, name)


class _CatalogueOnImport(importlib.abc.MetaPathFinder):
    """Applies the catalogue to a library module when it is first imported, so start-up need not import
    modules (click's, typer's rich help) that most commands never use."""

    def __init__(self, names: set[str]) -> None:
        self.pending = names

    def find_spec(self, fullname: str, path: Any, target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname not in self.pending:
            return None
        self.pending.discard(fullname)
        if not self.pending and self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in list(sys.meta_path):
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _PatchedLoader(spec.loader)
                return spec
        return None


def install() -> None:
    """Give click's and typer's modules the Chinese catalogue, and typer's help panels Chinese titles:
    modules already imported at once, the others when they are first imported."""
    pending: set[str] = set()
    for name in _MODULES:
        module = sys.modules.get(name)
        if module is not None:
            _apply_catalogue(module)
        else:
            pending.add(name)
    if pending:
        sys.meta_path.insert(0, _CatalogueOnImport(pending))


# typer's own copy of click writes its error messages without gettext: they are rewritten here
_ERRORS: tuple[tuple[LazyPattern, str], ...] = tuple(
    (LazyPattern(pattern), chinese)
    for pattern, chinese in (
        (r"^Missing argument (.+)\.$", r"缺少参数 \1。"),
        (r"^Missing option (.+)\.$", r"缺少选项 \1。"),
        (r"^Missing parameter:? (.+?)\.?$", r"缺少参数 \1。"),
        (r"^No such option: (\S+?)(?: Did you mean (\S+)\?)?$", r"没有选项 \1。"),
        (r"^No such command '(.+)'\. Did you mean (.+)\?$", r"没有命令“\1”。是否想用 \2？"),
        (r"^No such command '(.+)'\.$", r"没有命令“\1”。"),
        (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", r"多余的参数（\1）。"),
        (r"^Option '(.+)' requires an argument\.$", r"选项 \1 需要一个值。"),
        (r"^Option '(.+)' requires (\d+) arguments\.$", r"选项 \1 需要 \2 个值。"),
        (r"^Option '(.+)' does not take a value\.$", r"选项 \1 不带值。"),
        (
            r"^Invalid value for (.+?): (?:Value )?(.+?) is not a valid (?:integer|int)\.$",
            r"\1 的值无效：\2 不是整数。",
        ),
        (
            r"^Invalid value for (.+?): (?:Value )?(.+?) is not a valid (?:float)\.$",
            r"\1 的值无效：\2 不是数。",
        ),
        (r"^Invalid value for (.+?): Input should be a valid integer.*$", r"\1 的值无效：应为整数。"),
        (r"^Invalid value for (.+?): Input should be a valid number.*$", r"\1 的值无效：应为数字。"),
        (
            r"^Invalid value for (.+?): (?:Path|File|Directory) (.+?) does not exist\.$",
            r"\1 的值无效：\2 不存在。",
        ),
        (r"^Invalid value for (.+?): (.+)$", r"\1 的值无效：\2"),
    )
)


def error_zh(message: str) -> str:
    """A usage error of typer's click in Chinese (unknown messages are left as they are)."""
    for pattern, chinese in _ERRORS:
        if pattern.match(message):
            return pattern.sub(chinese, message)
    return message


class ChineseUsageError(UsageError):
    """A usage error shown in Chinese: the usage line, where to find help, and what was wrong."""

    def __init__(self, original: UsageError) -> None:
        super().__init__(error_zh(original.format_message()), original.ctx)
        self.exit_code = original.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        stream = file if file is not None else sys.stderr
        if self.ctx is not None:
            stream.write(f"{self.ctx.get_usage()}\n运行“{self.ctx.command_path} --help”查看帮助。\n\n")
        stream.write(f"错误：{self.format_message()}\n")


USAGE_PREFIX = "用法："
HELP_OPTION_HELP = "显示本帮助并退出。"


class _ChineseHelp:
    """The usage line and the --help option in Chinese; arguments shown by their Chinese placeholder
    (文件…, 文件夹) and flags without a type placeholder."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        ours = {}
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.display_name_raw + ("…" if param.nargs != 1 else "")
                for piece in param.get_usage_pieces(ctx):
                    ours[piece] = name if param.required else f"［{name}］"
        return [ours.get(piece, piece) for piece in pieces]

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except ChineseUsageError:
            raise
        except UsageError as exc:
            raise ChineseUsageError(exc) from exc

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_HELP
            option.metavar = ""
        return option

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""  # a switch takes no value: no "<bool>" beside it
            if isinstance(param, TyperArgument) and param.metavar is not None:
                # the placeholder says what to give; typer would add the Python type ("<list[Path]>")
                setattr(param, "display_type_rich", _no_type)  # noqa: B010
        return params


def _no_type(ctx: Any) -> None:
    return None


class ChineseCommand(_ChineseHelp, TyperCommand):
    """A command whose help is Chinese throughout."""


class ChineseGroup(_ChineseHelp, TyperGroup):
    """A group (the program, `report`) whose help is Chinese throughout."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except ChineseUsageError:
            raise
        except UsageError as exc:
            raise ChineseUsageError(exc) from exc


# --- layout: Chinese characters take two columns on a terminal ----------------------------------------
def display_width(text: str) -> int:
    """Terminal columns `text` takes (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = LazyPattern(r"[!-~]+|\s+|.")  # runs of ASCII (options, paths, numbers) stay whole
_NO_LINE_START = frozenset("。，、；：？！）》」』”’")  # closing marks stay at the end of the line


def wrap_display(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most `width` columns; Chinese breaks between characters, ASCII runs between words."""
    lines: list[str] = []
    line = indent
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line.strip():
                line += " "
            continue
        too_long = display_width(line) + display_width(token) > width
        if too_long and line.strip() and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = indent
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _join(lines: list[str]) -> str:
    """A paragraph's lines as one text: no space where Chinese meets Chinese."""
    text = ""
    for raw in (ln.strip() for ln in lines):
        if text and raw and not (display_width(text[-1]) == 2 and display_width(raw[0]) == 2):
            text += " "
        text += raw
    return text


class ChineseHelpFormatter(HelpFormatter):
    """click's formatter, measuring by terminal columns so Chinese text wraps and aligns."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for n, block in enumerate(text.split("\n\n")):
            if n:
                self.write("\n")
            if block.startswith("\b"):
                for raw in block.removeprefix("\b").strip("\n").splitlines():
                    self.write(f"{indent}{raw}\n")
                continue
            for line in wrap_display(_join(block.splitlines()), self.width, indent):
                self.write(f"{line}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        for first, *rest in rows:
            second = rest[0] if rest else ""
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            pad = " " * (first_col + self.current_indent)
            wrapped = wrap_display(second, max(self.width - first_col - self.current_indent, 20))
            self.write(f"{wrapped[0] if wrapped else ''}\n")
            for line in wrapped[1:]:
                self.write(f"{pad}{line}\n")


class ChineseContext(Context):
    formatter_class = ChineseHelpFormatter


ChineseCommand.context_class = ChineseContext
ChineseGroup.context_class = ChineseContext
