"""The package graph, read from the imports: which package imports which, and whether any arrow
runs back up a floor. `python -m tools.package_graph` prints the graph as Mermaid (for the README)
and exits 1 when an arrow runs from a lower floor to a higher one or two packages import each other.

Floors, bottom to top. A package may import its own floor's modules and anything below it; two
packages on one floor may not import each other.
"""
from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Sub-packages of extractors are floors of their own: reading, then understanding, then the
# extractors proper (the modules directly in extractors/).
FLOORS: dict[str, int] = {
    "core": 1,
    "extractors.read": 2,
    "extractors.understand": 3,
    "extractors": 4,
    "warehouse": 2,
    "pipeline": 5,
    "flows": 6,
    "cli": 7,
    "bench": 8,
}
PROJECT = {name.split(".")[0] for name in FLOORS}


def unit_of(module: str) -> str | None:
    """'extractors.read.pdf' -> 'extractors.read'; 'warehouse.store' -> 'warehouse'."""
    parts = module.split(".")
    if parts[0] not in PROJECT:
        return None
    if parts[0] == "extractors" and len(parts) > 1 and parts[1] in ("read", "understand"):
        return f"extractors.{parts[1]}"
    return parts[0]


def module_of(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every imported project module in a file (module-level and inside functions), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            # "from extractors import tables": the imported names may be modules of the package
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def arrows() -> dict[tuple[str, str], list[str]]:
    """(importer unit, imported unit) -> ['file:line', ...]."""
    graph: dict[tuple[str, str], list[str]] = defaultdict(list)
    for top in sorted(PROJECT):
        for path in sorted((ROOT / top).rglob("*.py")):
            source = unit_of(module_of(path))
            if source is None:
                continue
            for module, line in imports_of(path):
                target = unit_of(module)
                if target and target != source and _is_module(module):
                    graph[(source, target)].append(f"{path.relative_to(ROOT)}:{line}")
    return dict(graph)


def _is_module(module: str) -> bool:
    parts = module.split(".")
    base = ROOT.joinpath(*parts)
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def problems(graph: dict[tuple[str, str], list[str]]) -> list[str]:
    found = []
    for (source, target), where in sorted(graph.items()):
        if FLOORS[target] > FLOORS[source]:
            found.append(f"{source} (floor {FLOORS[source]}) imports {target} (floor {FLOORS[target]}), "
                         f"which is above it: {', '.join(where)}")
        elif FLOORS[target] == FLOORS[source] and (target, source) in graph and source < target:
            found.append(f"{source} and {target} import each other: {', '.join(where)}")
    return found


def mermaid(graph: dict[tuple[str, str], list[str]]) -> str:
    lines = ["flowchart BT"]
    for (source, target), where in sorted(graph.items()):
        lines.append(f"    {source.replace('.', '_')}[{source}] --> {target.replace('.', '_')}[{target}]")
    return "\n".join(lines)


def main() -> int:
    graph = arrows()
    print(mermaid(graph))
    found = problems(graph)
    for problem in found:
        print("arrow up:", problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
