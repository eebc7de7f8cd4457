"""One error shape for everything a content editor can fix: `path:line: message`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """`line` 0 means the whole file or folder (`path: message`).

    A warning is printed but does not fail the build. `trace` keeps the Python
    traceback of an unexpected error, shown only with --debug.
    """

    path: str
    line: int
    message: str
    warning: bool = False
    trace: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


class ContentError(Exception):
    """Raised when loading or rendering found problems; carries all of them."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings))
        super().__init__("\n".join(str(p) for p in self.problems))


def traceback_of(err: BaseException) -> str:
    import traceback  # only when something went wrong

    return "".join(traceback.format_exception(type(err), err, err.__traceback__))


def unexpected(err: BaseException, path: str, line: int = 0, what: str = "") -> Problem:
    """A problem for an exception nobody foresaw, at the file (and line) it happened on."""
    name = type(err).__name__
    text = str(err) or name
    about = f" {what}" if what else ""
    return Problem(path, line, f"unexpected error{about}: {name}: {text} (expected no error; "
                   "this may be a bug in opstage-build: run again with --debug and report what it shows)",
                   trace=traceback_of(err))
