"""The structured user glossary format (YAML, ``.yaml``/``.yml``).

A file is one mapping; every section is optional::

    version: 1                  # optional; the only schema version so far
    terms:                      # new terms, or more definitions of existing ones
      - term: retrieval augmented generation    # required; the lookup key
        definition: |                            # required; Markdown
          **Retrieval-augmented generation** combines a retriever with a generator.
        category: rag                            # optional
        title: Retrieval-Augmented Generation    # optional; else the lead's bold title
        aliases: [RAG]                           # optional; a name or a list of names
        keywords: [retrieval pipeline]           # optional; searchable, never linked
    aliases:                    # more names for existing terms (key or alias)
      attention sink: [attention sinks tokens]
    replace:                    # replace a definition by id; the id stays
      attribution-rag: "New Markdown text."      # shorthand for {definition: ...}
      kaizen-manufacturing-operations:
        definition: "**Kaizen** is ..."          # each key optional, at least one
        title: Kaizen
        category: lean                           # null removes the category
    hide:                       # remove what was loaded before this file
      terms: [kaizen]
      categories: [lithography]
      definitions: [attention-sink-architecture]

A ``terms`` entry whose term already exists adds a definition to that term
(after the existing ones). Definition text is Markdown (CommonMark, tables,
``$`` math), kept as written: it renders as MyST-Parser renders the same text
in a ``.md`` page (see :mod:`.usermarkdown`); an unclosed code fence or ``$$``
is a problem at its line.

Text hygiene (see :mod:`.clean`): control characters are removed from every
value, with one problem per field; names (term, aliases, keywords, categories)
lose invisible characters (bidi controls, zero-width characters), and a name
with no visible character left is a problem and is dropped, as is a term or
alias name holding ``;`` (Sphinx's general index reads it as "entry; sub-entry").

Parsing composes the YAML into nodes (``yaml.compose``) rather than loading it,
so every value keeps its line: each problem names the file, the 1-based line
and a key path such as ``terms[2].aliases`` (list indexes are 0-based). Bad
parts are reported and skipped and the rest still loads; nothing here raises
on bad input, and nothing here imports Sphinx.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import yaml

from .clean import (
    clean_name,
    describe,
    find_controls,
    invisible_characters,
    is_blank,
    normalise_newlines,
    remove_controls,
)
from .model import Problem, Source
from .names import fold
from .overlay import AliasEdit, HideEdit, Overlay, ReplaceEdit, suggestion
from .usermarkdown import Unclosed, user_markdown

SCHEMA_VERSION = 1
TOP_KEYS = ("version", "terms", "aliases", "replace", "hide")
TERM_KEYS = (
    "term",
    "definition",
    "category",
    "title",
    "aliases",
    "keywords",
    "short",
    "related",
    "autolink",
)
#: Values of a term's ``autolink`` rule.
AUTOLINK_RULES = ("always", "never", "evidence")
REPLACE_KEYS = ("definition", "title", "category")
HIDE_KEYS: dict[str, Literal["term", "category", "definition"]] = {
    "terms": "term",
    "categories": "category",
    "definitions": "definition",
}

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_PATH_KEY = re.compile(r"[A-Za-z_][\w-]*")
_ENTRY_SKIPPED = "; this entry is skipped"
_IGNORED = "; it is ignored"


@dataclass(frozen=True, slots=True)
class UserTerm:
    """One ``terms`` entry, validated."""

    #: As written (whitespace collapsed); the key is its folded form.
    term: str
    #: Body lines, one per Markdown block (the seed convention): what the
    #: title, card text and display case are taken from.
    lines: tuple[str, ...]
    #: The definition's Markdown as written: the body that is rendered.
    markdown: str
    category: str | None
    title: str | None
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    source: Source
    path: str
    #: The card text, if given (one sentence).
    short: str | None = None
    related: tuple[str, ...] = ()
    #: "" or one of :data:`AUTOLINK_RULES`.
    autolink: str = ""


@dataclass(frozen=True, slots=True)
class UserFile:
    """A parsed structured file: new terms, edits to apply later, problems."""

    file: str
    terms: tuple[UserTerm, ...]
    overlay: Overlay
    problems: tuple[Problem, ...]


# ---------------------------------------------------------------------------
# Markdown text → body lines


_BLOCK_START = re.compile(r"^(?:[-*+] |• |\d{1,3}[.)] |\||#{1,6} |> )")
_HEADING_ONLY = re.compile(r"^\*\*[^*]+\*\*:?$|^\*\*[^*]+:\*\*$")
_LIST_ITEM = re.compile(r"^(?:[-*+] |• |\d{1,3}[.)] )")


def markdown_lines(text: str) -> tuple[str, ...]:
    """Markdown as written by a person → one line per block, as the seeds are.

    The lead, title and card texts are taken from lines in the seed convention
    (one line per paragraph), so soft-wrapped paragraph and list item lines are
    joined here. Fenced code keeps its lines, blank lines and indentation; a
    ``$$`` block over several lines becomes one line. The rendered body is the
    text as written (:func:`.usermarkdown.user_markdown`), not these lines.
    """
    out: list[str] = []
    joinable = False
    fence: str | None = None
    math: list[str] | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                out.append(stripped)
                fence = None
            else:
                out.append(line)
            continue
        if math is not None:
            math.append(stripped)
            if stripped.endswith("$$"):
                out.append(" ".join(m for m in math if m))
                math = None
            continue
        if not stripped:
            joinable = False
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            out.append("```" + stripped[3:] if fence == "~~~" else stripped)
            joinable = False
            continue
        if stripped.startswith("$$") and (
            stripped == "$$" or not stripped[2:].rstrip().endswith("$$")
        ):
            math = [stripped]
            joinable = False
            continue
        if joinable and not _BLOCK_START.match(stripped) and not _HEADING_ONLY.match(stripped):
            out[-1] = f"{out[-1]} {stripped}"
            continue
        out.append(stripped)
        joinable = not stripped.startswith(("|", "#", "$$")) and not _HEADING_ONLY.match(stripped)
    if fence is not None:
        out.append("```")  # an unclosed fence would swallow the rest of the page
    if math is not None:
        out.append(" ".join(m for m in math if m) + " $$")
    return tuple(out)


# ---------------------------------------------------------------------------
# The reader


def _key_path(parent: str, key: str) -> str:
    if _PATH_KEY.fullmatch(key):
        return f"{parent}.{key}" if parent else key
    # Invisible characters written as escapes: a path shows where, not how it looks.
    quoted = "".join(
        c if c.isprintable() else f"\\u{ord(c):04x}" for c in json.dumps(key, ensure_ascii=False)
    )
    return f"{parent}[{quoted}]"


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing (null)"
    if node.tag == _BOOL:
        return f"a boolean ({node.value}; quote it if it is text)"
    return "text"


@dataclass(slots=True)
class _Reader:
    file: str
    rank: int
    problems: list[Problem] = field(default_factory=list)
    #: The file's text: finds lines inside folded and quoted scalars.
    file_text: str = ""

    def problem(self, node: yaml.Node, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, message, path))

    def source(self, node: yaml.Node) -> Source:
        return Source(self.file, node.start_mark.line + 1)

    # -- typed values ------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        path: str,
        allowed: tuple[str, ...] | None,
        what: str,
        skipped: str = "; it is ignored",
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """Keys → (key node, value node); unknown and repeated keys reported.
        ``allowed=None`` accepts any key (the keys are targets, not fields)."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, f"{what} must be a mapping, not {_kind_of(node)}{skipped}")
            return None
        result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node, path, "a key")
            if key is None:
                continue
            if allowed is not None and key not in allowed:
                self.problem(
                    key_node,
                    _key_path(path, key),
                    f"unknown key {key!r} in {what}{suggestion(key, allowed)}; it is ignored "
                    f"(allowed: {', '.join(allowed)})",
                )
                continue
            if key in result:
                first = result[key][0].start_mark.line + 1
                self.problem(
                    key_node,
                    _key_path(path, key),
                    f"duplicate key {key!r} (first at line {first}); the later value is used",
                )
            result[key] = (key_node, value_node)
        return result

    def scalar(self, node: yaml.Node, path: str, what: str, skipped: str = "") -> str | None:
        """Text, with numbers and dates taken as written; ``None`` if unusable.
        Control characters are removed (one problem for the value)."""
        if isinstance(node, yaml.ScalarNode) and node.tag not in {_NULL, _BOOL}:
            value = normalise_newlines(str(node.value))
            controls = find_controls(value)
            if controls:
                self.problem(
                    node,
                    path,
                    f"control characters removed from {_article_free(what)}: {describe(controls)}",
                )
                value = remove_controls(value)
            return value
        self.problem(node, path, f"{what} must be text, not {_kind_of(node)}{skipped}")
        return None

    def text(
        self,
        node: yaml.Node,
        path: str,
        what: str,
        skipped: str = "",
        *,
        name: bool = False,
        indexed: bool = False,
    ) -> str | None:
        """Non-empty one-line text (whitespace collapsed). A ``name`` also loses
        invisible characters; an ``indexed`` name (a term or alias: a general
        index entry) may not hold ``;``."""
        value = self.scalar(node, path, what, skipped)
        if value is None:
            return None
        collapsed = " ".join(value.split())
        if not collapsed:
            self.problem(node, path, f"{what} is empty{skipped}")
            return None
        cleaned = clean_name(collapsed) if name else collapsed
        if not cleaned or is_blank(cleaned):
            self.problem(
                node,
                path,
                f"{what} has no visible characters (only "
                f"{describe(invisible_characters(collapsed))}){skipped}",
            )
            return None
        if indexed and ";" in cleaned:
            self.problem(
                node,
                path,
                f"{what} {cleaned!r} contains ';', which Sphinx's general index reads as "
                f"'entry; sub-entry' (there is no escape for it){skipped}",
            )
            return None
        return cleaned

    def names(
        self, node: yaml.Node, path: str, what: str, *, indexed: bool = False
    ) -> list[tuple[str, yaml.Node, str]]:
        """A name or a list of names → (name, node, path) for each usable one."""
        if isinstance(node, yaml.SequenceNode):
            out = []
            for index, item in enumerate(node.value):
                item_path = f"{path}[{index}]"
                name = self.text(item, item_path, what, _IGNORED, name=True, indexed=indexed)
                if name is not None:
                    out.append((name, item, item_path))
            return out
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return []
        if isinstance(node, yaml.MappingNode):
            self.problem(node, path, "expected a name or a list of names, not a mapping")
            return []
        name = self.text(node, path, what, _IGNORED, name=True, indexed=indexed)
        return [] if name is None else [(name, node, path)]

    def definition(
        self, node: yaml.Node, path: str, skipped: str
    ) -> tuple[tuple[str, ...], str] | None:
        """(body lines, Markdown as written); ``skipped`` ends the message
        ("; this entry is skipped"). Unclosed blocks are reported at their line."""
        value = self.scalar(node, path, "a definition", skipped)
        if value is None:
            return None
        lines = markdown_lines(value)
        if not lines or is_blank(value):
            self.problem(node, path, f"empty definition{skipped}")
            return None
        body, unclosed = user_markdown(value)
        for block in unclosed:
            self.problems.append(
                Problem(self.file, self.line_in(node, block), _unclosed_message(block), path)
            )
        return lines, body

    def line_in(self, node: yaml.Node, block: Unclosed) -> int:
        """The file's 1-based line of ``block``, which starts at ``block.line`` of
        the scalar's value. Exact for literal (``|``) blocks, where value lines
        are file lines; otherwise the first line of the scalar that shows the
        block's opening, else the scalar's first line."""
        start = node.start_mark.line
        if getattr(node, "style", None) == "|":
            return start + 2 + block.line
        lines = self.file_text.split("\n")
        last = min(node.end_mark.line, len(lines) - 1)
        for needle in (block.opening, block.marker):
            for index in range(start, last + 1):
                if needle in lines[index]:
                    return index + 1
        return start + 1

    # -- sections ----------------------------------------------------------

    def read(self, root: yaml.Node | None) -> UserFile:
        terms: list[UserTerm] = []
        aliases: list[AliasEdit] = []
        replacements: list[ReplaceEdit] = []
        hides: list[HideEdit] = []
        top = (
            self.mapping(root, "", TOP_KEYS, "a glossary file (top level)")
            if root is not None
            else None
        )
        for key, (_key_node, value) in (top or {}).items():
            if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:
                continue  # an empty section, e.g. while writing the file
            if key == "version":
                self.version(value)
            elif key == "terms":
                terms = self.terms(value)
            elif key == "aliases":
                aliases = self.aliases(value)
            elif key == "replace":
                replacements = self.replace(value)
            elif key == "hide":
                hides = self.hide(value)
        overlay = Overlay(
            file=self.file,
            rank=self.rank,
            aliases=tuple(aliases),
            replacements=tuple(replacements),
            hides=tuple(hides),
        )
        # Reported in file order, whatever order the sections were checked in.
        problems = sorted(self.problems, key=lambda p: p.line)
        return UserFile(self.file, tuple(terms), overlay, tuple(problems))

    def version(self, node: yaml.Node) -> None:
        value = self.scalar(node, "version", "version")
        if value is not None and value.strip() != str(SCHEMA_VERSION):
            self.problem(
                node,
                "version",
                f"unsupported version {value!r}: this release reads version {SCHEMA_VERSION}; "
                "the file is read as version 1",
            )

    def terms(self, node: yaml.Node) -> list[UserTerm]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "terms", f"terms must be a list of entries, not {_kind_of(node)}")
            return []
        out: list[UserTerm] = []
        seen: dict[tuple[str, str | None], int] = {}
        for index, item in enumerate(node.value):
            path = f"terms[{index}]"
            fields = self.mapping(item, path, TERM_KEYS, "a term entry", _ENTRY_SKIPPED)
            if fields is None:
                continue
            entry = self.term(item, path, fields)
            if entry is None:
                continue
            identity = (fold(entry.term), entry.category)
            if identity in seen:
                in_category = f" in category {entry.category!r}" if entry.category else ""
                self.problem(
                    fields["term"][1],
                    f"{path}.term",
                    f"duplicate term {entry.term!r}{in_category} (first at line "
                    f"{seen[identity]} of this file){_ENTRY_SKIPPED}",
                )
                continue
            seen[identity] = entry.source.line
            out.append(entry)
        return out

    def term(
        self, item: yaml.Node, path: str, fields: dict[str, tuple[yaml.Node, yaml.Node]]
    ) -> UserTerm | None:
        for required in ("term", "definition"):
            if required not in fields:
                self.problem(item, path, f"a term entry needs {required!r}{_ENTRY_SKIPPED}")
                return None
        name = self.text(
            fields["term"][1],
            f"{path}.term",
            "the term",
            _ENTRY_SKIPPED,
            name=True,
            indexed=True,
        )
        if name is None:
            return None
        definition = self.definition(
            fields["definition"][1], f"{path}.definition", f" for {name!r}; the entry is skipped"
        )
        if definition is None:
            return None
        lines, body = definition
        category = title = None
        if "category" in fields:
            node = fields["category"][1]
            if not (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
                value = self.text(node, f"{path}.category", "the category", _IGNORED, name=True)
                category = fold(value) if value else None
        if "title" in fields:
            title = self.text(fields["title"][1], f"{path}.title", "the title", _IGNORED)
        names = {
            key: [
                n
                for n, _, _ in self.names(
                    fields[key][1], f"{path}.{key}", what, indexed=key == "aliases"
                )
            ]
            for key, what in (
                ("aliases", "an alias"),
                ("keywords", "a keyword"),
                ("related", "a related term"),
            )
            if key in fields
        }
        short = None
        if "short" in fields:
            short = self.text(fields["short"][1], f"{path}.short", "the card text", _IGNORED)
            short = " ".join(short.split()) if short else None
        autolink = ""
        if "autolink" in fields:
            value = self.text(
                fields["autolink"][1], f"{path}.autolink", "the autolink rule", _IGNORED
            )
            if value and value.strip().casefold() in AUTOLINK_RULES:
                autolink = value.strip().casefold()
            elif value is not None:
                self.problem(
                    fields["autolink"][1],
                    f"{path}.autolink",
                    f"autolink must be one of {', '.join(AUTOLINK_RULES)}, not {value!r}{_IGNORED}",
                )
        return UserTerm(
            term=name,
            lines=lines,
            markdown=body,
            category=category,
            title=title,
            aliases=tuple(names.get("aliases", ())),
            keywords=tuple(names.get("keywords", ())),
            source=self.source(item),
            path=path,
            short=short,
            related=tuple(names.get("related", ())),
            autolink=autolink,
        )

    def aliases(self, node: yaml.Node) -> list[AliasEdit]:
        targets = self.mapping(node, "aliases", None, "aliases (term: [alias, ...])")
        out = []
        for target, (key_node, value) in (targets or {}).items():
            path = _key_path("aliases", target)
            names = tuple(n for n, _, _ in self.names(value, path, "an alias", indexed=True))
            if names:
                out.append(AliasEdit(clean_name(target), names, self.source(key_node), path))
        return out

    def replace(self, node: yaml.Node) -> list[ReplaceEdit]:
        targets = self.mapping(node, "replace", None, "replace (definition-id: ...)")
        out = []
        for target, (key_node, value) in (targets or {}).items():
            path = _key_path("replace", target)
            source = self.source(key_node)
            skipped = f"; the replacement of {target!r} is skipped"
            if isinstance(value, yaml.ScalarNode) and value.tag not in {_NULL, _BOOL}:
                definition = self.definition(value, path, skipped)
                if definition is not None:
                    out.append(
                        ReplaceEdit(
                            target.strip(),
                            source,
                            path,
                            lines=definition[0],
                            markdown=definition[1],
                        )
                    )
                continue
            fields = self.mapping(value, path, REPLACE_KEYS, "a replacement")
            if fields is None:
                continue
            if not fields:
                self.problem(
                    value, path, f"a replacement needs definition, title or category{skipped}"
                )
                continue
            lines: tuple[str, ...] | None = None
            body = title = category = None
            # Half a replacement (a new title over broken text) would mislead: all or nothing.
            ok = True
            if "definition" in fields:
                definition = self.definition(fields["definition"][1], f"{path}.definition", skipped)
                ok = definition is not None
                if definition is not None:
                    lines, body = definition
            if "title" in fields:
                title = self.text(fields["title"][1], f"{path}.title", "the title", skipped)
                ok = ok and title is not None
            category_node = fields.get("category", (None, None))[1]
            if category_node is not None and not (
                isinstance(category_node, yaml.ScalarNode) and category_node.tag == _NULL
            ):
                category = self.text(
                    category_node, f"{path}.category", "the category", skipped, name=True
                )
                ok = ok and category is not None
            if ok:
                out.append(
                    ReplaceEdit(
                        target.strip(),
                        source,
                        path,
                        lines=lines,
                        markdown=body,
                        title=title,
                        category=fold(category) if category else None,
                        set_category=category_node is not None,
                    )
                )
        return out

    def hide(self, node: yaml.Node) -> list[HideEdit]:
        fields = self.mapping(node, "hide", tuple(HIDE_KEYS), "hide")
        out = []
        for key, (_key_node, value) in (fields or {}).items():
            kind = HIDE_KEYS[key]
            for name, name_node, path in self.names(value, f"hide.{key}", f"a {kind} name"):
                out.append(HideEdit(kind, name, self.source(name_node), path))
        return out


def _article_free(what: str) -> str:
    """The value at hand, not any: "a definition" → "the definition"."""
    for article in ("a ", "an "):
        if what.startswith(article):
            return "the " + what[len(article) :]
    return what


def _unclosed_message(block: Unclosed) -> str:
    if block.kind == "math":
        return "unclosed $$ display math (no closing $$); it is shown as text"
    return (
        f"unclosed {block.marker} code fence; the rest of the definition (or of its "
        "list item) is shown as code"
    )


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """The error at its line; at the end of the file (an unclosed bracket or
    quote) the line where the unfinished construct began is more useful."""
    mark = error.problem_mark or error.context_mark
    last_line = text.count("\n") + 1
    message = f"YAML syntax error: {error.problem or error.context or 'invalid YAML'}"
    if error.context and error.context_mark is not None:
        message += f" ({error.context} that starts at line {error.context_mark.line + 1})"
        if mark is not None and mark.index >= len(text.rstrip()):
            mark = error.context_mark
    line = min(mark.line + 1, last_line) if mark is not None else 1
    return Problem(file, line, f"{message}; the file is skipped")


_CParser: Any
try:
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


def _compose(text: str) -> yaml.Node | None:
    """The YAML's node tree. With libyaml, its scanner and parser feed PyYAML's
    own (pure Python) composer: ~4x faster on large files, while nesting depth
    stays bounded by Python's recursion limit (libyaml's composer could overflow
    the C stack on hostile input). Errors are reported in PyYAML's own words."""
    if _CParser is not None:
        try:
            loader = _FastComposer(text)
            try:
                node: yaml.Node | None = loader.get_single_node()
            finally:
                loader.dispose()
            return node
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _as_pyyaml(event: Any) -> yaml.Event | None:
    """The event as PyYAML's parser makes it: the non-specific tag ``!`` counts as
    implicit there (the resolver then picks ``str``), not in libyaml."""
    if getattr(event, "tag", None) == "!":
        if isinstance(event, yaml.ScalarEvent):
            event.implicit = (True, False)
        elif isinstance(event, yaml.CollectionStartEvent):
            event.implicit = True
    return cast("yaml.Event | None", event)


class _FastComposer(yaml.composer.Composer, yaml.resolver.Resolver):
    """libyaml events (``CParser``), PyYAML's composer and resolver."""

    def __init__(self, stream: str) -> None:
        self._parser = _CParser(stream)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def check_event(self, *choices: type) -> bool:
        return bool(self._parser.check_event(*choices))

    def peek_event(self) -> yaml.Event | None:
        return _as_pyyaml(self._parser.peek_event())

    def get_event(self) -> yaml.Event | None:
        return _as_pyyaml(self._parser.get_event())

    def dispose(self) -> None:
        self._parser.dispose()


def parse_user_yaml(text: str, file: str, *, rank: int = 1) -> UserFile:
    """Parse a structured glossary; ``file`` names it in sources and problems,
    ``rank`` is its load order (1 for the first user file)."""
    reader = _Reader(file, rank, file_text=text)
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        reader.problems.append(_syntax_problem(error, text, file))
        return reader.read(None)
    except yaml.YAMLError as error:  # ReaderError: a character YAML forbids
        position = getattr(error, "position", 0)
        line = text.count("\n", 0, position) + 1
        reason = getattr(error, "reason", None) or "unreadable YAML"
        reader.problems.append(Problem(file, line, f"YAML error: {reason}; the file is skipped"))
        return reader.read(None)
    except RecursionError:
        reader.problems.append(Problem(file, 1, "YAML nested too deeply; the file is skipped"))
        return reader.read(None)
    return reader.read(root)
