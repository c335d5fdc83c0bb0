"""Dependencies point one way: annotations → claims → claims.extraction."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_claims_knows_nothing_of_annotations():
    for path, tree in _modules("claims"):
        assert not any(
            name.split(".")[0] == "annotations" for name in _imported(tree)
        ), path
        strings = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        # No URL names ("annotations:claim") or operation ids of the other app.
        assert not [s for s in strings if s.startswith("annotations:")], path


def test_extraction_is_plain_python():
    for path, tree in _modules("claims/extraction"):
        assert not any(n.split(".")[0] == "django" for n in _imported(tree)), path


def test_anchoring_is_plain_python():
    tree = ast.parse((ROOT / "claims" / "anchoring.py").read_text(encoding="utf-8"))
    assert not any(n.split(".")[0] == "django" for n in _imported(tree))
