"""Write the name-frequency table the auto-linker ships (``linking/data/names.tsv``).

For every name of the bundled packs (keys and aliases, folded), its frequency in
general English as a Zipf value (log10 of occurrences per billion words; 7 is
"the", 3 is "rarely heard", below 2 a specialist word), from the wordfreq
package's English lists (wordfreq 3, Apache-2.0; its data CC BY-SA 4.0, see
README.md). A name that general English uses often ("attention", "anchors",
"pipeline") is an everyday word: the linker wants evidence of its ML sense
before linking it. wordfreq is needed only to regenerate the table
(``pip install wordfreq``), never at build time.

Run: ``python benchmarks/vocabulary/name_frequencies.py``.
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import zipf_frequency

from sphinxcontrib_aiterms.glossary import load_glossary
from sphinxcontrib_aiterms.glossary.names import fold

OUTPUT = (
    Path(__file__).resolve().parents[2] / "sphinxcontrib_aiterms" / "linking" / "data" / "names.tsv"
)


def main() -> None:
    glossary = load_glossary()
    names = sorted({fold(n) for term in glossary for n in (term.key, *term.aliases)})
    lines = [
        "# name\tzipf (wordfreq 3, English; by benchmarks/vocabulary/name_frequencies.py)",
        "# Frequencies from wordfreq by Robyn Speer (https://github.com/rspeer/wordfreq),",
        "# whose data is licensed CC BY-SA 4.0; this table of derived values is shared alike.",
    ]
    for name in names:
        lines.append(f"{name}\t{zipf_frequency(name, 'en'):.2f}")
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUTPUT}")


if __name__ == "__main__":
    main()
