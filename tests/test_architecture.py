"""The house's shape, read from its imports (tools/package_graph.py): no import runs from a lower
floor to a higher one, and no two packages import each other."""
from tools.package_graph import FLOORS, arrows, problems


def test_no_import_runs_back_up_a_floor():
    assert problems(arrows()) == []


def test_the_ground_floor_imports_nothing_of_the_project():
    assert not [pair for pair in arrows() if pair[0] == "core"]


def test_every_package_has_a_floor():
    units = {unit for pair in arrows() for unit in pair}
    assert units <= set(FLOORS)


def test_an_arrow_up_is_reported_with_its_file_and_line():
    found = problems({("core", "pipeline"): ["core/model.py:3"]})
    assert found and "core/model.py:3" in found[0] and "above it" in found[0]


def test_the_readme_shows_the_graph_the_imports_draw():
    from pathlib import Path

    from tools.package_graph import mermaid
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert mermaid(arrows()) in readme, "regenerate it: python -m tools.package_graph"
