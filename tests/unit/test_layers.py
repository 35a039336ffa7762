"""The circle finder of tools/layers.py (which 'make test' runs on the whole code), on small
graphs whose circles are known."""

import importlib.util
from pathlib import Path

import grimp
import pytest

SPEC = importlib.util.spec_from_file_location("layers", Path(__file__).parents[2] / "tools" / "layers.py")
layers = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(layers)


def graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    g = grimp.ImportGraph()
    for importer, imported in imports:
        g.add_import(importer=importer, imported=imported)
    return g


def test_a_layered_graph_has_no_circle():
    assert layers.circles(graph(("a", "b"), ("b", "c"), ("a", "c"))) == []


@pytest.mark.parametrize("imports, expected", [
    ((("a", "b"), ("b", "a")), [["a", "b", "a"]]),
    ((("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")), [["a", "b", "c", "a"]]),
    ((("x", "a"), ("a", "b"), ("b", "a"), ("x", "y"), ("y", "z"), ("z", "y")),
     [["a", "b", "a"], ["y", "z", "y"]]),
])
def test_each_circle_is_named_once(imports, expected):
    assert layers.circles(graph(*imports)) == expected
