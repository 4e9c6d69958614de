"""The HTML side: hover cards (:mod:`.cards`), other projects' terms
(:mod:`.external`), the generated glossary page (:mod:`.page`) and the static
files (:mod:`.assets`)."""
