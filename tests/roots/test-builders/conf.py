"""The bundled glossary page for every builder, and the PDF (xelatex)."""

extensions = [
    "sphinxcontrib_aiterms",
    "myst_parser",
    "sphinx_design",
]
project = "aiterms builders"
author = "aiterms"
copyright = "2026, aiterms"
version = release = "1.0"
exclude_patterns = ["_build"]
# The full-feature project: bundled terms plus a project glossary file.
aiterms_glossaries = ["terms.yaml"]
# linkcheck must never reach the network: there are no external links, and
# anything that slipped in would be reported rather than fetched for long.
linkcheck_timeout = 1
linkcheck_retries = 1
linkcheck_report_timeouts_as_broken = False  # Sphinx 7.x: silences a deprecation warning

# xelatex reads UTF-8 natively; the seeds use Greek, sub/superscripts (₀ ₖ ₙ ᵀ ⁻⁴),
# arrows, maths symbols and combining marks. fontspec does not fall back per
# glyph, so each font must cover all of them: DejaVu (fonts-dejavu-core) does;
# FreeSerif lacks ₖ ₙ and Noto Serif lacks arrows and maths symbols. Emoji are in
# no font xelatex can draw (Noto Color Emoji is a bitmap font), so the extension
# drops them from LaTeX output (AitermsLatexEmojiTransform).
latex_engine = "xelatex"
# makeindex (TeX Live base), not xindy (a separate package CI does not install).
latex_use_xindy = False
latex_elements = {
    "fontpkg": r"""
\setmainfont{DejaVu Serif}
\setsansfont{DejaVu Sans}
\setmonofont{DejaVu Sans Mono}[Scale=0.9]
""",
    "papersize": "a4paper",
}
latex_documents = [("index", "aiterms.tex", "AI terms", "aiterms", "manual")]
man_pages = [("index", "aiterms", "AI terms", ["aiterms"], 7)]
texinfo_documents = [("index", "aiterms", "AI terms", "aiterms", "aiterms", "AI terms.", "Misc")]

# Written for the seed pages: their terms, ids and links (the core vocabulary
# has tests of its own).
aiterms_packs = ["seeds"]
