"""Why an export cannot be made, in the words of the layout and of what was chosen.

Messages name blocks, sections, fields and sizes, never a command-line option or a
button: the command line and the app each word their own way to change the choice (the
CLI's ``--sections``, the app's section list). Each error also carries what went wrong
as data, for them to do so.
"""
from __future__ import annotations

from collections.abc import Sequence


class ExportError(Exception):
    """An export that cannot be made as asked; the message says why."""


class BlockFailed(ExportError):
    """A block that could not be laid out, drawn or measured (reportlab failed on it)."""

    def __init__(self, block: str, doing: str, cause: BaseException) -> None:
        super().__init__(f"block '{block}' could not be {doing}: "
                         f"{type(cause).__name__}: {cause}")
        self.block, self.doing, self.cause = block, doing, cause


class SectionChoiceError(ExportError):
    """Sections chosen that the content does not have (``section``), or none at all
    (``section`` is None); ``known`` are the content's sections."""

    def __init__(self, section: str | None, known: Sequence[str]) -> None:
        message = ("choose at least one section" if section is None else
                   f"unknown section {section!r} (choose from {', '.join(known)})")
        super().__init__(message)
        self.section, self.known = section, tuple(known)


class TextChoiceError(ExportError):
    """A text other than the patient or the presenter text."""

    def __init__(self, text: str) -> None:
        super().__init__(f"unknown text {text!r} (patient or presenter)")
        self.text = text


class FieldError(ExportError):
    """Details that cannot be printed as given: an unknown field, one too long or with
    letters the font lacks, a date that cannot be read. ``field`` names the field when
    the problem is one field's."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class UnprintedFields(ExportError):
    """Details filled in that the layout has no place for."""

    def __init__(self, layout: str, fields: Sequence[str]) -> None:
        them = "it" if len(fields) == 1 else "them"
        super().__init__(f"{', '.join(fields)}: layout '{layout}' has no place for {them}")
        self.layout, self.fields = layout, tuple(fields)


class UnprintableText(ExportError):
    """Text of the layout or the clinic profile with characters the font cannot print."""

    def __init__(self, where: str, chars: str) -> None:
        super().__init__(f"{where}: the font cannot print {chars}")
        self.where, self.chars = where, chars


class OverBudget(ExportError):
    """A layout past one of the export's budgets: ``count`` of ``what`` (diagram items,
    characters, paragraphs, lines, pixels) against ``limit``; ``block`` names the block
    that passed it, when one did."""

    def __init__(self, message: str, what: str, count: int, limit: int,
                 block: str = "") -> None:
        super().__init__(message)
        self.what, self.count, self.limit, self.block = what, count, limit, block


class TileError(ExportError):
    """Tiling settings that cannot work (an overlap wider than a sheet, say).

    ``setting`` names the one at fault: ``sheet`` (A4 or letter), ``overlap`` or
    ``margin`` (the printer's), or "" when it is how they go together; ``value`` is it as
    given, and ``problem`` what is wrong with it. The message says all that in the
    layout's words; the CLI and the app name their own control for the setting.
    """

    def __init__(self, message: str, setting: str = "", value: str = "",
                 problem: str = "") -> None:
        super().__init__(message)
        self.setting, self.value, self.problem = setting, value, problem or message
