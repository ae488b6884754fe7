"""Classification on papers never seen: small synthetic papers, one per doc_type, from councils
not in the corpus, as text and as PDF. Type, publisher (with GSS code), period or meeting date
and the committee where one is stated."""
from __future__ import annotations

import hashlib
import io
import textwrap
from datetime import date

import pytest

from extractors.read.pdf import read_pdf
from extractors.read.text import read_text
from extractors.understand.structure import annotate
from tests.conftest import corpus_file, process_file

ANNUAL = """Leeds City Council
Children and Families Directorate

Fostering Service Annual Report 2021/22

1. Introduction

This report sets out the work of the Leeds Fostering Service during the year. It is presented to
the Corporate Parenting Board.

2. Recruitment

The service received 412 enquiries during the year and approved 38 new fostering households.
"""

PACK = """Public Document Pack

London Borough of Hackney

MEETING: CHILDREN AND YOUNG PEOPLE SCRUTINY COMMISSION

DATE: Monday 13th March 2023

TIME: 7.00 pm

VENUE: Council Chamber, Hackney Town Hall

A G E N D A

1. Apologies for Absence

2. Declarations of Interest

3. Minutes of the Previous Meeting (Pages 5 - 12)

4. Children's Social Care Annual Report (Pages 13 - 40)

Report of the Group Director, Children and Education

5. Work Programme (Pages 41 - 46)
"""

MINUTES = """Cornwall Council

Minutes of the meeting of the Children's Services Overview and Scrutiny Committee held in the
Council Chamber, New County Hall, Truro on Wednesday 8 February 2023 at 10.00 am

Present: Councillor A Brown (Chairman), Councillors C Green, D White and E Black

1. Apologies for absence

Apologies for absence were received from Councillor F Grey.

2. Fostering recruitment

The Committee considered a report on foster carer recruitment.

RESOLVED that the report be noted.
"""

REPORT = """Rhondda Cynon Taf County Borough Council

Report to: Overview and Scrutiny Committee (Children's Services and Safeguarding)

Date of Meeting: 20 June 2023

Subject: Foster Care Recruitment and Retention

Report of: Director of Children's Services

Wards Affected: All

Is this a Key Decision? No

1. Purpose of the report

1.1 To update the Committee on the recruitment of foster carers in Rhondda Cynon Taf.

2. Recommendations

2.1 That the Committee notes the report.
"""

DECISION = """Kent County Council

Record of Decision

Decision taken by: Cabinet Member for Integrated Children's Services

Decision No: 23/00012

Subject: Foster carer allowances 2023-24

Date of decision: 14 April 2023

Decision: To increase the weekly allowances paid to Kent foster carers by 7.2 per cent.

Reasons for decision: To support the recruitment and retention of foster carers.
"""

FORWARD = """Birmingham City Council

Forward Plan of Key Decisions

For the period 1 May 2023 to 31 August 2023

This Forward Plan sets out the key decisions to be taken by the Cabinet and Cabinet Members.

Children's Residential Homes Commissioning, Cabinet, 13 June 2023
Fostering Fees Review, Cabinet Member for Children, Young People and Families, 11 July 2023
"""

STRATEGY = """Norfolk County Council

Children's Services

Placement Sufficiency Strategy

March 2024

1. Introduction

This strategy sets out how Norfolk will make sure there are enough homes of the right kind for
children in care.

2. Our priorities

We will increase the number of in-house foster carers.
"""

OTHER = """Bristol City Council

Fostering information evening

Come along to find out about fostering with Bristol City Council. Our friendly team will answer
your questions about becoming a foster carer.

Where: City Hall, College Green

Refreshments will be provided.
"""

DECISION_MINUTES = """Agenda item

Salford Fostering Service Annual Report 2022/23

Report of the Strategic Director (People)

Minutes:

The Lead Member considered a report of the Strategic Director (People) on the work of the
Fostering Service between April 2022 and March 2023.

The report summarised the activity of the service over the past 12 months in Salford.

RESOLVED that the Lead Member for Children's Services accepts the Fostering Service Annual
Report 2022/23.

Supporting documents:
"""

CASES = [
    # paper, doc_type, authority, GSS, (period start, end), meeting date, committee
    (ANNUAL, "annual_report", "Leeds", "E08000035", (date(2021, 4, 1), date(2022, 3, 31)), None, None),
    (PACK, "agenda_pack", "Hackney", "E09000012", (None, None), date(2023, 3, 13),
     "CHILDREN AND YOUNG PEOPLE SCRUTINY COMMISSION"),
    (MINUTES, "minutes", "Cornwall", "E06000052", (None, None), date(2023, 2, 8),
     "Children's Services Overview and Scrutiny Committee"),
    (REPORT, "committee_report", "Rhondda Cynon Taf", "W06000016", (None, None), date(2023, 6, 20),
     "Overview and Scrutiny Committee (Children's Services and Safeguarding)"),
    (DECISION, "decision_notice", "Kent", "E10000016", (None, None), date(2023, 4, 14),
     "Cabinet Member for Integrated Children's Services"),
    (FORWARD, "forward_plan", "Birmingham", "E08000025", (date(2023, 5, 1), date(2023, 8, 31)), None,
     None),
    (STRATEGY, "strategy", "Norfolk", "E10000020", (date(2024, 3, 1), date(2024, 3, 31)), None, None),
    (OTHER, "other", "Bristol, City of", "E06000023", (None, None), None, None),
    (DECISION_MINUTES, "minutes", "Salford", "E08000006", (date(2022, 4, 1), date(2023, 3, 31)), None,
     "Lead Member for Children's Services"),
]


def as_pdf(text: str) -> bytes:
    """The paper laid out on A4 pages, the first line as a bold title."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for n, para in enumerate(text.split("\n\n")):
        for line in textwrap.wrap(" ".join(para.split()), 90) or [""]:
            if y < 60:
                c.showPage()
                y = 800
            c.setFont("Helvetica-Bold", 14) if n == 0 else c.setFont("Helvetica", 10)
            c.drawString(60, y, line)
            y -= 18 if n == 0 else 13
        y -= 10
    c.showPage()
    c.save()
    return buf.getvalue()


def understood(text: str, kind: str):
    if kind == "text":
        doc = read_text(text.encode(), "paper.txt", "x")
    else:
        data = as_pdf(text)
        doc = read_pdf(data, "paper.pdf", hashlib.sha256(data).hexdigest())
    return annotate(doc)


@pytest.mark.parametrize("kind", ["text", "pdf"])
@pytest.mark.parametrize("paper, doc_type, authority, code, period, meeting_date, committee", CASES,
                         ids=[c[1] + "-" + c[2] for c in CASES])
def test_unseen_paper_understood(kind, paper, doc_type, authority, code, period, meeting_date,
                                 committee):
    doc = understood(paper, kind)
    assert doc.doc_type == doc_type
    assert (doc.authority, doc.authority_code) == (authority, code)
    assert (doc.period_start, doc.period_end) == period
    assert doc.meeting_date == meeting_date
    if committee:
        assert doc.meetings and doc.meetings[0].committee == committee
        assert doc.meetings[0].authority == authority


def test_cabinet_member_decision_minutes_name_the_decision_maker(processed):
    for kind in ("text", "pdf"):
        doc = processed(kind, "coventry-cabinet-member-fostering-annual-report-2017-18").document
        assert [(m.kind, m.committee) for m in doc.meetings] == [
            ("minutes", "Cabinet Member for Children and Young People")]


def test_report_cover_table_names_the_committee():
    text = ("Report to:\tOverview and Scrutiny Committee (Children's Services and Safeguarding)\t"
            "Date of Meeting:\tTuesday 26 September 2017\n"
            "Subject:\tFostering Annual Report\tWards Affected:\t(All Wards);\n"
            "Report of:\tHead of Children's Social Care\t\t\n\nSummary\n\n"
            "This report details the work of the Wigan Council Fostering Service from 1 April 2016 "
            "to 31 March 2017.\n")
    doc = annotate(read_text(text.encode(), "r.txt", "x"))
    assert doc.doc_type == "committee_report" and doc.authority == "Wigan"
    assert doc.meetings[0].committee == ("Overview and Scrutiny Committee (Children's Services and "
                                         "Safeguarding)")
    assert doc.meeting_date == date(2017, 9, 26)
    assert (doc.period_start, doc.period_end) == (date(2016, 4, 1), date(2017, 3, 31))


def test_two_meeting_dates_are_not_a_reporting_period():
    from extractors.understand.classify import text_to_period
    assert text_to_period("the meetings held on 21 March 2017 and 4 April 2017") is None
    assert text_to_period("For the period 1 May 2023 to 31 August 2023") == (date(2023, 5, 1),
                                                                             date(2023, 8, 31))


@pytest.mark.parametrize("stem", ["cupertino_usd_4-6-16", "federal-register-2020-17221",
                                  "nics-background-checks-2015-11"])
def test_peer_fixtures_are_no_english_councils_papers(stem):
    result = process_file(corpus_file("peer", stem))
    doc = result.document
    assert result.status in ("ok", "partial")
    assert doc.authority is None and doc.authority_code is None
    assert all(m.authority is None for m in doc.meetings)
