from __future__ import annotations

from terbuka.bodies import tree


def test_paths() -> None:
    root = tree.child_path("", 1)
    child = tree.child_path(root, 27)
    assert root == "00000001."
    assert child == "00000001.00000027."
    assert (tree.depth_of(root), tree.depth_of(child)) == (0, 1)
    assert tree.ancestor_pks(child) == [1]
    assert tree.ancestor_pks(tree.child_path(child, 5)) == [1, 27]
    assert tree.ancestor_pks(root) == []


def test_subtree_bounds() -> None:
    root = tree.child_path("", 1)
    upper = tree.subtree_upper_bound(root)
    inside = [root, tree.child_path(root, 99_999_999), tree.child_path(tree.child_path(root, 2), 3)]
    outside = [tree.child_path("", 2), tree.child_path("", 10), "00000000.99999999."]
    assert all(root <= p < upper for p in inside)
    assert not any(root <= p < upper for p in outside)
    assert tree.is_in_subtree(inside[2], root)
    assert not tree.is_in_subtree(outside[1], root)
