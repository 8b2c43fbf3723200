"""What the designer edits for each block type, said once: :data:`EDITORS`.

Each block type's entry lists its text fields (and which are long, required, or print the
content's text when empty), its colours, its type size rows, whether its face and the flow
of text around it can change, and which field a double-click on the page edits (or where
its text comes from instead). The properties panel shows those rows and hides the others;
the page view edits the in-place field. A new block type needs an entry here.
"""
from __future__ import annotations

from dataclasses import dataclass

from gutskin_desktop.model.content import Content
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import Block

Pairs = tuple[tuple[str, str], ...]
TEXT_COLOUR = ("color", "Text colour")
HEADING_COLOUR = ("heading_color", "Heading colour")
TITLE_COLOUR = ("heading_color", "Title colour")
BOX_COLOURS: Pairs = (("background", "Background"), ("border", "Border"))
COLOUR_FIELDS: Pairs = (TEXT_COLOUR, HEADING_COLOUR, *BOX_COLOURS)


@dataclass(frozen=True)
class BlockEditor:
    """What the properties panel edits for one block type, besides its place and size
    (which every block has)."""

    texts: Pairs = ()  # (field, label) of each text box, at most two
    required: frozenset[str] = frozenset()  # text fields that may not be left empty
    long: frozenset[str] = frozenset()  # text fields edited over several lines
    from_content: Pairs = ()  # (field, Content attribute) printed while the field is empty
    colours: Pairs = (TEXT_COLOUR, *BOX_COLOURS)  # (style field, label) of its colours
    type_size: str | None = "Text size"  # the label of its type size row (None: no row)
    heading_size: str | None = None  # the label of its heading size row (None: no row)
    face: tuple[bool, bool] | None = None  # its usual (bold, italic), when they can change
    heading_as_text: bool = False  # with no heading colour, headings are in the text colour
    heading_font: bool = False  # the theme's heading font is its usual font, not the body's
    align: bool = True  # its text can be aligned
    wrap: bool = True  # text can flow around it ("Text flows around this block")
    edge_labels: bool = False  # the "Label the arrows" box (diagrams)
    sections: bool = False  # columns, text kind and the sections chosen
    picture: bool = False  # the choice of a file or one of our pictograms (images)
    in_place: str | None = None  # the text field a double-click on the page edits
    text_from: str = ""  # where its other text comes from: "Block 'x' <text_from>."


TITLE: Pairs = (("title", "Title"),)
HEADED = (TEXT_COLOUR, TITLE_COLOUR, *BOX_COLOURS)
EDITORS: dict[str, BlockEditor] = {
    "title": BlockEditor((("text", "Title"), ("subtitle", "Subtitle")),
                         from_content=(("text", "title"),),
                         colours=(TITLE_COLOUR, TEXT_COLOUR, *BOX_COLOURS),
                         type_size="Subtitle size", heading_size="Title size",
                         face=(True, False), heading_as_text=True, heading_font=True,
                         in_place="text"),
    "diagram": BlockEditor((("caption", "Caption"),),
                           colours=(("color", "Caption colour"), *BOX_COLOURS),
                           type_size="Label size", heading_size="Hub label size",
                           face=(False, True), align=False, edge_labels=True,
                           in_place="caption",
                           text_from="takes its labels from the diagram (arrange it in the "
                                     "main window)"),
    "sections": BlockEditor(colours=(TEXT_COLOUR, HEADING_COLOUR, *BOX_COLOURS),
                            heading_size="Heading size", wrap=False, sections=True,
                            text_from="shows the content's sections: choose which in the "
                                      "properties panel"),
    "summary": BlockEditor(TITLE, colours=HEADED, heading_size="Title size", wrap=False,
                           in_place="title",
                           text_from="lists the chosen sections' summaries"),
    "callout": BlockEditor((("title", "Title"), ("text", "Text")), frozenset({"text"}),
                           frozenset({"text"}), colours=HEADED, heading_size="Title size",
                           face=(False, False), in_place="text"),
    "notes": BlockEditor(TITLE, colours=(TITLE_COLOUR, *BOX_COLOURS), type_size=None,
                         heading_size="Title size", align=False, in_place="title",
                         text_from="has ruled lines to write on under its title"),
    "details": BlockEditor(TITLE, colours=HEADED, heading_size="Title size", align=False,
                           in_place="title",
                           text_from="fills its lines in from the handout's details"),
    "qr": BlockEditor((("url", "Web address"),), frozenset({"url"}),
                      colours=(("color", "Address colour"), *BOX_COLOURS),
                      type_size="Address size", align=False, in_place="url"),
    "image": BlockEditor(colours=(("color", "Pictogram colour"), *BOX_COLOURS),
                         type_size=None, align=False, picture=True,
                         text_from="shows a picture, not text: choose it with the Picture "
                                   "button in the properties panel"),
    "disclaimer": BlockEditor((("title", "Title"), ("text", "Disclaimer")),
                              long=frozenset({"text"}), from_content=(("text", "disclaimer"),),
                              colours=HEADED, heading_size="Title size", in_place="text",
                              text_from="adds the content's line on uncertainty and where "
                                        "the text comes from"),
    "footer": BlockEditor(text_from="is made when the PDF is made: page numbers and "
                                    "dates"),
    "message": BlockEditor((("text", "Message"),), long=frozenset({"text"}),
                           from_content=(("text", "main_message"),), in_place="text"),
    "questions": BlockEditor(TITLE, colours=HEADED, heading_size="Title size",
                             in_place="title", text_from="lists the content's questions"),
    "glossary": BlockEditor(TITLE, colours=HEADED, heading_size="Title size",
                            in_place="title",
                            text_from="explains the printed words, from the content"),
    "advice": BlockEditor(TITLE, colours=HEADED, heading_size="Title size", in_place="title",
                          text_from="holds the clinic profile's advice"),
}
TEXT_BOXES = max(len(editor.texts) for editor in EDITORS.values())


def editor_for(kind: str) -> BlockEditor:
    """What the panel edits for a block type."""
    return EDITORS.get(kind, BlockEditor())


def shown_text(block: Block, field: str, content: Content) -> str:
    """A text field as it prints: the block's own text, else the content's for fields that
    fall back to it (a title block's title, the main message, the disclaimer)."""
    own = getattr(block, field, None)
    if own:
        return str(own)
    fallback = dict(editor_for(block.type).from_content).get(field)
    return str(getattr(content, fallback, None) or "") if fallback else ""


def text_value(kind: str, field: str, text: str) -> str | None:
    """What an edited text field stores: the text, or None (the field's default, or the
    content's text) for an emptied field that may be empty. Raises EditError naming the
    field when a required one is emptied."""
    editor = editor_for(kind)
    if text.strip():
        return text
    if field in editor.required:
        label = dict(editor.texts).get(field, field)
        raise EditError(f"the {label.lower()} of a {kind} block cannot be empty")
    return None
