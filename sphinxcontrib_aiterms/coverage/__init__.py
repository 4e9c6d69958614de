"""Glossary QA: the ``aiterms-coverage`` builder (:mod:`.builder`), its report
(:mod:`.report`) and the command-line runner (:mod:`.run`)."""
