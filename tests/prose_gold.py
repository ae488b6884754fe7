"""A small, hand-labelled evaluation of figures found in prose.

Each case is a paragraph (one or more sentences, read as one block, as the pipeline reads it),
the publishing council and its reporting period, and every observation a careful analyst would
expect from it: (value, metric or None, period_start, period_end, value_kind). An empty list means
"no observation". CORPUS cases are sentences taken from the sample papers (../shared/corpus/text);
UNSEEN cases are written in the style of other councils, with wording the corpus does not use.

    .venv/bin/python -m tests.prose_gold          # prints precision and recall, and every miss

An extracted observation is correct when value, metric, period and value kind all match one
expected tuple (each expected tuple matches once). `loose` scores value and metric only.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

FY = lambda y: (date(y, 4, 1), date(y + 1, 3, 31))            # noqa: E731  financial year y/y+1
AT = lambda y, m=3, d=31: (date(y, m, d), date(y, m, d))       # noqa: E731  a snapshot
CY = lambda y: (date(y, 1, 1), date(y, 12, 31))                # noqa: E731
NOP = (None, None)                                             # period not stated


def E(value, metric, period=NOP, kind="actual"):
    return (float(value), metric, period[0], period[1], kind)


SF = ("Sefton", FY(2017))                  # fostering annual report 2017-18
SA = ("Sefton", FY(2016))                  # the 2016-17 fostering/adoption reports in the agenda pack
SW = ("Southwark", FY(2016))
CV = ("Coventry", FY(2017))
SS = ("Sefton", (date(2023, 9, 1), date(2023, 9, 30)))   # sufficiency statement, September 2023
UN = ("Barnsley", FY(2021))                # unseen wording

CORPUS = [
    (SF, "There have been 566 training attendances over 55 courses this year. This compares with "
         "450 attendances in 2016-2017 over 49 courses, with an increase in attendance and more "
         "courses being introduced for 2017/18.",
     [E(566, "foster_carer_training_attendances", FY(2017)),
      E(55, "foster_carer_training_courses", FY(2017)),
      E(450, "foster_carer_training_attendances", FY(2016)),
      E(49, "foster_carer_training_courses", FY(2016))]),
    (SF, "124 viability assessments were completed within this year a slight increase compared to "
         "115 the previous financial year.",
     [E(124, "viability_assessments", FY(2017)), E(115, "viability_assessments", FY(2016))]),
    (SF, "There were 19 Special Guardianship Orders granted in 2017/18 a positive outcome for "
         "children/young people living with relative friend carers.",
     [E(19, "sgo_granted", FY(2017))]),
    (SF, "There were 35 Regulation 24 placements assessed compared to 24 last year an increase to "
         "the number of children placed with relative/friends.",
     [E(35, "reg24_placements", FY(2017)), E(24, "reg24_placements", FY(2016))]),
    (SF, "This year has seen an increase in the number of children becoming looked after, 170 the "
         "previous year compared to 236 this year.",
     [E(170, "cla_started", FY(2016)), E(236, "cla_started", FY(2017))]),
    (SF, "The total number of allegations made by children/young people in foster care this year "
         "was eight. Two of the allegations took over 21 working days to respond to.",
     [E(8, "allegations_against_foster_carers", FY(2017)), E(2, None, FY(2017))]),
    (SF, "We will endeavour to approve at least 15 households in 2018/19 and to have specific "
         "targeted recruitment to meet the particular needs of complex older children, siblings and "
         "parent and child placements.",
     [E(15, "foster_carer_approvals", FY(2018), "target")]),
    (SF, "It states that local authorities must have regard to the seven needs identified in the "
         "Children and Social Work Act 2017 when exercising their functions in relation to "
         "looked-after children and care leavers and also former relevant children.", []),
    (SF, "The seven principles for corporate parenting:", []),
    (SF, "Telephone enquiries were previously routed through a Regional Fostering Front Door "
         "system, that employed two social workers taking enquiries for eight local authorities "
         "including Sefton who were available to respond to callers who wanted more information.", []),
    (SF, "Sefton currently has 89 mainstream fostering households, comprising of 73 couples and 16 "
         "single carers, with a total capacity of 236 children placed in short-term and long-term "
         "placements as of March 2018.",
     [E(89, "fostering_households_mainstream", AT(2018)), E(73, None, AT(2018)),
      E(16, None, AT(2018)), E(236, None, AT(2018))]),
    (SF, "There are 66 Connected persons/ kinship households, 108 carers, 42 couples, 24 single "
         "carers.",
     [E(66, "fostering_households_connected"), E(108, None), E(42, None), E(24, None)]),
    (SF, "Around 20 local authorities and 20 independent fostering agencies contributed to the call "
         "for evidence whilst approximately one sixth of all submissions were from organisations, "
         "ranging from small charities providing specialist services to large national "
         "organisations.", []),
    (SF, "During the past year the Fostering Team has reduced its staffing complement by two "
         "full-time equivalent social workers as part of the Councils wider proposals for financial "
         "restraint.", []),
    (SF, "In April 2018, the Adoption Service became part of Adoption in Merseyside (AIM), a "
         "regional adoption agency made up of four local authorities and voluntary partners.", []),
    (SF, "26 First Annual Reviews were presented to panel during the year representing a slight "
         "increase in first annual reviews from the previous year when 23 were presented.",
     [E(26, "panel_annual_reviews", FY(2017)), E(23, "panel_annual_reviews", FY(2016))]),
    (SF, "- The total number of children/young people moved as a result of placement breakdown was 23.",
     [E(23, "placement_breakdowns")]),
    (SF, "- Four breakdowns were the result of foster carers wishing to retire and wanting to return "
         "to work.", [E(4, None)]),
    (SF, "53 progressed to Registrations of Interest (ROI)", [E(53, "fostering_applications")]),
    (SF, "34 Completed Initial Visits (IV)", [E(34, "fostering_initial_visits")]),
    (SF, "- 4 Approvals", [E(4, "foster_carer_approvals")]),
    (SF, "Staying put is the term used to describe a situation in which the Local Authority support "
         "young people to remain living with their foster family after they are 18, until they are "
         "fully able to live independently.", []),
    (SW, "On 31st March 2015 there were 19 young people remaining in Staying Put arrangements, while "
         "on 31st March 2016 the number had risen to 40.",
     [E(19, "staying_put_count", AT(2015)), E(40, "staying_put_count", AT(2016))]),
    (SW, "On the 31st March 2017 there were 46 young people remaining in Staying Put arrangements "
         "this is broken down into 35 in provision with their former Southwark foster carer and 11 "
         "with former IFA carers.",
     [E(46, "staying_put_count", AT(2017)), E(35, None, AT(2017)), E(11, None, AT(2017))]),
    (SW, "In 2016- 17 Southwark Recruitment Hub received 216 enquiries from households about "
         "becoming foster carers.", [E(216, "fostering_enquiries", FY(2016))]),
    (SW, "In 2016/17 there were three complaints made by foster carers (or former carers).",
     [E(3, "complaints_fostering", FY(2016))]),
    (SW, "We will do our best to approve at least 15 fostering households in 2017-2018 and at least "
         "20 households in 2018-2019.",
     [E(15, "foster_carer_approvals", FY(2017), "target"),
      E(20, "foster_carer_approvals", FY(2018), "target")]),
    (SW, "There has been a slight increase in the number of children in care on the 31/03/2017 "
         "compared to 31/03/2016 this represents a percentage increase of 5%.", []),
    (SW, "The DfE National Statistics for the year ending 31st March 2017 reflect a national "
         "increase of 3% in the number of children becoming looked after in England so the increase "
         "is close to national trends.", []),
    (SW, "This date shows 74% of children in care in England are in foster care.",
     [E(74, "cla_fostered_pct", NOP, "benchmark")]),
    (SW, "The use of Friends and Family Foster care has increased with 41 children placed with "
         "Friends and Family Foster Carers compared to 31 children in the previous year.",
     [E(41, "cla_fostered_connected", AT(2017)), E(31, "cla_fostered_connected", AT(2016))]),
    (SW, "In terms of understanding why on this specific date less children were in Southwark "
         "foster placements there are two key factors.", []),
    (SW, "Secondly is being part of a sibling group, in particular being part of a sibling group of "
         "more than 2 children.", []),
    (SW, "Two key messages came out of this day.", []),
    (SW, "The aim of the two approaches empowers foster carers to develop confidence and equip them "
         "with the right skills and techniques to help children experience safe and secure care.", []),
    (SW, "There were two agency members of staff who were covering sickness and maternity absence.", []),
    (SW, "It is hoped that the Catch 22 Southwark Care Leavers innovation partnership can work with "
         "the Carer Recruitment manager to design, develop and recruit to a Supported Lodging "
         "scheme.", []),
    (SW, "We are one of 7 Local Authorities who are working with the Family Rights Group who "
         "received DfE Innovation funding to pilot the Lifelong links with 50 Southwark children "
         "over a three year period.", [E(50, None)]),
    (SW, "In 2016-17 recruitments was of 8 new full time fostering households, 1 respite household "
         "and 1 set of carers who had resigned but then re-considered and returned to Panel where "
         "they were re-approved as foster carers.",
     [E(8, "foster_carer_approvals", FY(2016)), E(1, None, FY(2016)), E(1, None, FY(2016))]),
    (SW, "For the Fostering Service to ensure that strategic connections are developed via a Lead "
         "Manager for all Southwark approved foster carers living more than 20 miles from Southwark "
         "so that children placed with these carers are not disadvantaged by slower access to "
         "Services in particular to CAMHS support.", []),
    (SW, "The Fostering Service had 31 short break respite carer households offering care to 46 "
         "children with disabilities one weekend a month allowing the child's parents to have a "
         "break.", [E(31, None), E(46, None)]),
    (CV, "The total number of approved placements on 31 March 2018 was 287.",
     [E(287, "foster_places_approved", AT(2018))]),
    (CV, "At the end of March 2018, there were 651 looked after children in Coventry, of which 483 "
         "were placed in foster care.",
     [E(651, "cla_count", AT(2018)), E(483, "cla_fostered", AT(2018))]),
    (CV, "Coventry’s mainstream foster carers provide an average of 1.6 placements per household.",
     [E(1.6, None)]),
    (SA, "Sefton currently has 86 mainstream fostering households, comprising of 70 couples and 16 "
         "single carers, with a total capacity of 130 children placed in short-term and long-term "
         "placements a number of these places are not currently available at the end of March 2017.",
     [E(86, "fostering_households_mainstream", AT(2017)), E(70, None, AT(2017)),
      E(16, None, AT(2017)), E(130, None, AT(2017))]),
    (SA, "There have been 450 training attendances over 49 courses this year. This compares with "
         "365 in 2015-2016 over 43 courses.",
     [E(450, "foster_carer_training_attendances", FY(2016)),
      E(49, "foster_carer_training_courses", FY(2016)),
      E(365, "foster_carer_training_attendances", FY(2015)),
      E(43, "foster_carer_training_courses", FY(2015))]),
    (SA, "In 2016/2017 connected persons/kinship carers attended training on 71 occasions making up "
         "11.5% of all training attendance for the service and 16% of all foster carer attendance.",
     [E(71, None, FY(2016)), E(11.5, None, FY(2016)), E(16, None, FY(2016))]),
    (SA, "24 SGOs were granted, enabling children/young people to leave our care and be safely care "
         "for by family members.", [E(24, "sgo_granted")]),
    (SA, "12 mainstream households have been deregistered.",
     [E(12, "foster_carer_deregistrations")]),
    (SA, "The number of Staying Put arrangements currently stands at 27.",
     [E(27, "staying_put_count", AT(2017))]),
    (SA, "- 28 SHOBPA (should be placed for adoption) decisions were made by Sefton's ADM during "
         "this year.", [E(28, "adoption_decisions", FY(2016))]),
    (SA, "The previous year 2015/16 15 SHOBPA decisions were made.",
     [E(15, "adoption_decisions", FY(2015))]),
    (SA, "- From the 28 above, 20 Placement Orders were subsequently granted.",
     [E(20, "placement_orders_granted")]),
    (SA, "The Adoption Service is split into two functions under the two lead practitioners who "
         "supervise staff accordingly.", []),
    (SA, "There are 4 PSWs in the adoption team.", [E(4, None)]),
    (SA, "- 6 children failed the A1 score.", [E(6, None)]),
    (SA, "10 children were adopted during this year.", [E(10, "children_adopted", FY(2016))]),
    (SA, "- 3 children met the A2 threshold of 121 days with scores of 54, 110 and 119 days.",
     [E(3, None)]),
    (SA, "The number of Unaccompanied Asylum Seeking Children (UASC) looked after by all local "
         "authorities in England has more than doubled from 2,050 at 31st March 2014, to 4,210 at "
         "31st March 2016.",
     [E(2050, "cla_uasc", AT(2014), "benchmark"), E(4210, "cla_uasc", AT(2016), "benchmark")]),
    (SA, "- 4 households retired from fostering", [E(4, None)]),
    (SA, "The numbers of mainstream assessment reports approved 14 the previous year to 12, this "
         "past year a trend that has now been evident over the past four years.",
     [E(14, "panel_mainstream_assessments", FY(2015)),
      E(12, "panel_mainstream_assessments", FY(2016))]),
    (SA, "Once this scheme is implemented we will be looking to recruit up to 10 families under this "
         "scheme which will enable looked after children who have particularly challenging needs the "
         "opportunity to live in a stable home environment if unable to live with birth family.",
     [E(10, "foster_carer_approvals", NOP, "target")]),
    (SA, "- The total number of placement breakdowns was 30.", [E(30, "placement_breakdowns")]),
    (SA, "- 2 young people requested to be moved from their placement", [E(2, None)]),
    (SS, "There are currently 620 Cared for Children as of 2nd October 2023.",
     [E(620, "cla_count", AT(2023, 10, 2))]),
    (SS, "- Since 2017, there has been a gradual reduction in approved foster care places "
         "nationally, culminating in a reduction of almost 10,000 approved places in 5 years.", []),
    (SS, "This equates to an 11% reduction and highlights a trend towards approvals for fewer "
         "children.", []),
    (SS, "Phase 1 of the plan highlighted four themes for improvement:", []),
    (SS, "The Strategy links directly to the 4 aims of the current Children and Young People's Plan "
         "2020 - 2025: Happy, Healthy, Heard, Achieving.", []),
    (SS, "Moreover, the Council and its partners are committed to the seven principles of corporate "
         "parenting outlined in the 2017 Children and Social Work Act.", []),
    (SS, "MySpace combines the three key partners for safeguarding as an integrated service for "
         "response, consultation, and intervention.", []),
    (SS, "- For the past two decades, deprivation data has correlated well with Cared for Children "
         "numbers.", []),
    (SS, "- The median age of a Foster Care Household is 55.", []),
    (SS, "However, when considering the median age of newly approved foster carers (48) and the "
         "median age of Sefton’s population (47), conditions for growing the local cohort are "
         "favourable.", []),
    (SS, "In 2022, only 79 placements were made with foster carers registered with the Council.",
     [E(79, None, CY(2022))]),
    (SS, "This has involved introducing a Skills 4 Skills Fee Level – a significant increase on the "
         "previous fee – to generate some in-house specialist care provision for complex cases.", []),
    (SS, "- Link Foster carers to children in our local residential provision to encourage them to "
         "move ready to ‘stay put’ at 18 thus improving stability and outcomes.", []),
    (SS, "This highlights the difficulties LAs in the region face regarding demand as only 6 of the "
         "23 LAs in the Northwest have a Cared for Children rate per recorded deprivation levels "
         "below the national averages.", []),
    (SS, "Currently, approximately 15% of children in our care are placed in residential settings, "
         "which is slightly lower than the national average of 17%.",
     [E(15, "cla_residential_pct", AT(2023, 9, 30)),
      E(17, "cla_residential_pct", AT(2023, 9, 30), "benchmark")]),
]

UNSEEN = [
    (UN, "At 31 March 2022 we had 148 approved fostering households, 12 more than a year earlier.",
     [E(148, "fostering_households", AT(2022))]),
    (UN, "The number of children looked after rose by 23 to 512 during the year.",
     [E(512, "cla_count", AT(2022))]),
    (UN, "Enquiries fell by 15% compared with 2020/21.", []),
    (UN, "Nationally, the number of fostering households fell by around 1,500 in 2021/22.", []),
    (UN, "We approved 21 new foster carers in 2021/22, compared with 14 in 2020/21.",
     [E(21, "foster_carer_approvals", FY(2021)), E(14, "foster_carer_approvals", FY(2020))]),
    (UN, "The panel approved 9 households during the year.",
     [E(9, "foster_carer_approvals", FY(2021))]),
    (UN, "Our aim is to recruit at least 30 fostering households in 2022/23.",
     [E(30, "foster_carer_approvals", FY(2022), "target")]),
    (UN, "We recruited 14 mainstream fostering households in 2021/22.",
     [E(14, "foster_carer_approvals", FY(2021))]),
    (UN, "We registered 12 new foster carers during the year.",
     [E(12, "foster_carer_approvals", FY(2021))]),
    (UN, "In 2021/22 the service received 64 expressions of interest and completed 18 fostering "
         "assessments.",
     [E(64, "fostering_applications", FY(2021)), E(18, "fostering_assessments", FY(2021))]),
    (UN, "In 2021/22 the duty team of three social workers screened 410 referrals.",
     [E(410, None, FY(2021))]),
    (UN, "Six local authorities in the region share a single fostering front door.", []),
    (UN, "The training programme ran 42 courses in 2021/22, with 310 training attendances.",
     [E(42, "foster_carer_training_courses", FY(2021)),
      E(310, "foster_carer_training_attendances", FY(2021))]),
    (UN, "There are five types of placement panel and three priorities for the coming year.", []),
    (UN, "The Council has identified six key needs of children in care.", []),
    (UN, "The strategy sets out four priorities for fostering.", []),
    (UN, "4.2 The service received 250 enquiries in 2021/22.",
     [E(250, "fostering_enquiries", FY(2021))]),
    (UN, "As set out in 3.4 above, 87 children were placed with in-house foster carers at 31 March "
         "2022.", [E(87, "cla_fostered_inhouse", AT(2022))]),
    (UN, "There were 96 fostering households3 at 31 March 2022.",
     [E(96, "fostering_households", AT(2022))]),
    (UN, "The Council looked after 389 children on 31 March 2022, a rate of 71 per 10,000.",
     [E(389, "cla_count", AT(2022)), E(71, "cla_rate_per_10k", AT(2022))]),
    (UN, "The number of children in care has fallen by 4% since last year.", []),
    (UN, "In England, 57,000 children were in foster care at 31 March 2022.",
     [E(57000, "cla_fostered", AT(2022), "benchmark")]),
    (UN, "Two supervising social workers visit each household every month.", []),
    (UN, "Initial enquiries rose to 340 in 2021/22, an increase of 60 on the previous year.",
     [E(340, "fostering_enquiries", FY(2021))]),
    (UN, "The number of placement breakdowns was 11 in 2021/22, down 3 from the year before.",
     [E(11, "placement_breakdowns", FY(2021))]),
    (UN, "We will aim to reduce the number of children looked after to 450 by March 2024.",
     [E(450, "cla_count", AT(2024), "target")]),
    (UN, "During 2021/22, 160 children became looked after and 148 ceased to be looked after.",
     [E(160, "cla_started", FY(2021)), E(148, "cla_ceased", FY(2021))]),
    (UN, "The Panel met 22 times and considered 48 cases in 2021/22.", [E(48, None, FY(2021))]),
    (UN, "Around 30 councils responded to the national consultation.", []),
    (UN, "Our fostering households offered 265 approved places at 31 March 2022.",
     [E(265, "foster_places_approved", AT(2022))]),
    (UN, "The service had 152 mainstream fostering households at the end of March 2022, up 5% on "
         "the year before.", [E(152, "fostering_households_mainstream", AT(2022))]),
    (UN, "The fostering service has three teams: recruitment, assessment and support.", []),
    (UN, "Of the 12 households approved in 2021/22, 4 were connected persons.",
     [E(12, "foster_carer_approvals", FY(2021)), E(4, "connected_carer_approvals", FY(2021))]),
    (UN, "A reduction of 25 in the number of children in care is forecast for 2022/23.", []),
]

CASES = CORPUS + UNSEEN


def observe(case):
    """Run the prose extractor on one case, as the pipeline would on a one-paragraph paper."""
    from core.model import Block, Document
    from extractors.prose import extract
    (authority, (start, end)), text, _ = case
    doc = Document(source_path="gold", sha256="0", format="text", authority=authority,
                   period_start=start, period_end=end, blocks=[Block("paragraph", text, 1)])
    return [o for o in extract(doc).observations if o.extractor == "prose"]


def key(o):
    return (float(o.value), o.metric, o.period_start, o.period_end, o.value_kind)


def score(cases=CASES):
    """(precision, recall, loose precision, misses) over `cases`."""
    n_found = n_expected = tp = loose_tp = 0
    misses = []
    for case in cases:
        got = [key(o) for o in observe(case)]
        want = Counter(case[2])
        loose = Counter((v, m) for v, m, *_ in case[2])
        n_found += len(got)
        n_expected += len(case[2])
        wrong = []
        for g in got:
            if loose[g[:2]] > 0:
                loose[g[:2]] -= 1
                loose_tp += 1
            if want[g] > 0:
                want[g] -= 1
                tp += 1
            else:
                wrong.append(g)
        missed = [w for w, n in want.items() for _ in range(n)]
        if wrong or missed:
            misses.append((case[1], wrong, missed))
    precision = tp / n_found if n_found else 1.0
    recall = tp / n_expected if n_expected else 1.0
    return precision, recall, (loose_tp / n_found if n_found else 1.0), misses


def report(name, cases):
    p, r, lp, misses = score(cases)
    print(f"{name}: {len(cases)} cases, precision {p:.0%} (value+metric only {lp:.0%}), recall {r:.0%}")
    return misses


if __name__ == "__main__":
    import sys
    report("corpus", CORPUS)
    report("unseen", UNSEEN)
    misses = report("all", CASES)
    if "-v" in sys.argv:
        for text, wrong, missed in misses:
            print("\n" + text[:160])
            for w in wrong:
                print("   extra  ", w)
            for m in missed:
                print("   missed ", m)
