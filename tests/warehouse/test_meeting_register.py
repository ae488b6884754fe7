"""meeting_register / agenda_register: one row per meeting and per agenda item across documents."""
import pytest

from tests.conftest import corpus_file


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    from cli.main import main
    text = corpus_file("text", "sefton-childrens-scrutiny-agenda-2017-09-26")
    pdf = corpus_file("pdf", "sefton-childrens-scrutiny-agenda-2017-09-26")
    folder = tmp_path_factory.mktemp("pack")
    for src in (text, pdf):
        (folder / src.name).write_bytes(src.read_bytes())
    db = tmp_path_factory.mktemp("wh") / "wh.duckdb"
    assert main(["run", str(folder), "--db", str(db), "--no-prefect"]) == 0
    return db


def rows(db, sql):
    from warehouse.store import connect_read_only
    con = connect_read_only(str(db))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_one_meeting_told_by_two_documents_is_one_row(warehouse):
    per_document = rows(warehouse, "select count(*) from meetings")[0][0]
    register = rows(warehouse, "select meeting_date, n_documents from meeting_register order by 1")
    assert per_document == 2 * len(register)
    assert [str(d) for d, _ in register] == ["2017-06-21", "2017-06-30", "2017-09-26"]
    assert all(n == 2 for _, n in register)


def test_agenda_items_merge_by_meeting_and_printed_number(warehouse):
    items = rows(warehouse, "select count(*) from agenda_items")[0][0]
    register = rows(warehouse, """select item_number, title, n_documents from agenda_register
                                  where meeting_date = '2017-09-26' order by try_cast(item_number as int)""")
    assert items >= 2 * len(register) > 0
    assert all(n == 2 for *_, n in register)
