"""Text folding for search: "lang son", "LẠNG SƠN" and "lạng sơn" are the same words.

Every searchable table keeps a ``search_text`` column holding its words folded
(lower case, no diacritics, đ → d), written by the model whenever the row is
saved. A search folds the query the same way and matches with LIKE, so it
behaves identically on SQLite (which has no unaccent) and PostgreSQL. On PostgreSQL a
trigram index (pg_trgm) serves that LIKE on the task table; SQLite reads the rows.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Text, event
from sqlalchemy.orm import Mapped, mapped_column


def fold(text: str | None) -> str:
    """Lower case without diacritics (đ is a letter of its own, not a combining mark)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def escape_like(folded: str) -> str:
    """``folded`` with LIKE's own wildcards (and the escape character) taken literally."""
    return folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(query: str) -> str:
    """A LIKE pattern for the folded query, with LIKE's own wildcards taken literally."""
    return f"%{escape_like(fold(query))}%"


def contains(column, folded: str):
    """A WHERE clause: ``column`` holds the already folded text ``folded`` somewhere.

    The one match of every search (the task list's ``q``, the global search's words), so a
    trigram index on the column serves them all."""
    return column.like(f"%{escape_like(folded)}%", escape="\\")


class Searchable:
    """Keeps ``search_text`` = the folded ``__search_fields__`` of the row."""

    __search_fields__: tuple[str, ...] = ()
    # A model that also keeps its title folded alone (``search_title``, for ranking a title
    # match above a match in the body) names that field here and declares the column.
    __search_title_field__: str | None = None

    # The row's searchable words, folded; written on every save, never by hand.
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")

    def refresh_search_text(self) -> None:
        self.search_text = " | ".join(
            fold(getattr(self, name)) for name in self.__search_fields__ if getattr(self, name)
        )
        if self.__search_title_field__:
            self.search_title = fold(getattr(self, self.__search_title_field__))

    @classmethod
    def search_matches(cls, query: str):
        """A WHERE clause: the row's words contain the query, ignoring case and accents."""
        return contains(cls.search_text, fold(query))


@event.listens_for(Searchable, "before_insert", propagate=True)
@event.listens_for(Searchable, "before_update", propagate=True)
def _refresh(mapper, connection, target: Searchable) -> None:
    target.refresh_search_text()
