"""The materialised path of the unit tree: one fixed-width segment per level."""

from __future__ import annotations

SEGMENT_WIDTH = 8


def segment(pk: int) -> str:
    """Return the path segment of a unit with this primary key."""
    return f"{pk:0{SEGMENT_WIDTH}d}."


def child_path(parent_path: str, pk: int) -> str:
    """Return the path of a unit with this primary key under a parent path ('' for a root)."""
    return parent_path + segment(pk)


def depth_of(path: str) -> int:
    """Return the depth of a path: 0 for a root."""
    return path.count(".") - 1
