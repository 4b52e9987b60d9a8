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


def ancestor_pks(path: str) -> list[int]:
    """Return the primary keys of a path's ancestors, root first (the unit itself excluded)."""
    return [int(part) for part in path.split(".")[:-2]]


def is_in_subtree(path: str, root_path: str) -> bool:
    """Return whether `path` is `root_path` or lies below it."""
    return path.startswith(root_path)


def subtree_upper_bound(path: str) -> str:
    """Return the smallest string above every path of the subtree rooted at `path`.

    A path ends with ".", and "/" is the next character, so the subtree is exactly the
    half-open range [path, path[:-1] + "/") under a binary collation.
    """
    return path[:-1] + "/"
