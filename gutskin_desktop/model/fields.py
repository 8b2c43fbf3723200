"""The kinds of value that several data files share, each a type with its rule: ids (of
sections, nodes, blocks and layouts) and colours. The designer and the arrange mode check
what a person types with the same rules (:func:`is_id`, :func:`.theme.is_colour`)."""
from __future__ import annotations

import re
from typing import Annotated

from .records import matching
from .theme import COLOUR, COLOUR_HINT

ID = r"^[a-z][a-z0-9-]{0,39}$"
ID_HINT = "lower-case letters, digits and hyphens, starting with a letter"

Id = Annotated[str, matching(ID, ID_HINT)]
Colour = Annotated[str, matching(COLOUR, COLOUR_HINT)]

_ID = re.compile(ID)


def is_id(text: str) -> bool:
    """Whether text is an id as data files store it (``gut-barrier``): lower-case
    letters, digits and hyphens, starting with a letter, at most 40 characters."""
    return _ID.fullmatch(text) is not None
