from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")

# Far past any real list (a million items at 100 a page), and small enough that the row offset
# always fits the database's 64-bit OFFSET: an unbounded page number overflowed it (a 500).
MAX_PAGE = 10_000


class PageParams(BaseModel):
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def page_params(
    page: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description=f"1-based page number, at most {MAX_PAGE}")
    ] = 1,
    page_size: Annotated[int, Query(ge=1, le=100, description="Items per page")] = 20,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int
