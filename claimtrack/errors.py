"""Domain errors. Libraries raise these; the CLI turns each into one line on stderr.

Every error carries a code and says what to do next, in the spaCy manner.
"""

from __future__ import annotations

# Exit codes of the command line (spec/CLI.md): ok, fatal, usage, some sources failed, none reached.
EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_PARTIAL, EXIT_OFFLINE = 0, 1, 2, 3, 4


class ClaimtrackError(Exception):
    """Base class: `str(err)` is a one-line message that says what is wrong and what to do."""

    code = "CT000"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text.replace("\n", " ")


class UsageError(ClaimtrackError):
    code = "CT001"
    exit_code = 2


class InputError(ClaimtrackError):
    """One input (file, line, page) could not be read; the others go on."""

    code = "CT010"
    exit_code = 2


class StoreError(ClaimtrackError):
    code = "CT020"
    exit_code = 1


class ModelMissingError(ClaimtrackError):
    code = "CT030"
    exit_code = 1


class SourcesError(ClaimtrackError):
    code = "CT040"
    exit_code = 2
