"""Metric catalogue: required ids, well-formed entries, row labels from the papers map as a reader would."""
import re

import pytest

from core.catalogue import get_metric, load_catalogue, match_metric

REQUIRED = """cla_count cla_rate_per_10k cla_started cla_ceased cla_fostered cla_fostered_pct
cla_fostered_inhouse cla_fostered_ifa cla_fostered_connected cla_inhouse_foster_pct
fostered_inhouse_pct cla_residential_pct cla_uasc staying_put_count sgo_granted
placement_breakdowns placement_stability_3plus_pct fostering_households
fostering_households_mainstream fostering_households_connected foster_places_approved
fostering_enquiries fostering_applications fostering_initial_visits fostering_assessments
foster_carer_approvals foster_carer_deregistrations connected_carer_approvals viability_assessments
reg24_placements allegations_against_foster_carers complaints_fostering
foster_carer_training_attendances foster_carer_training_courses panel_assessments_total
panel_connected_person_assessments panel_mainstream_assessments panel_annual_reviews
panel_deregistrations panel_other_reports adoption_enquiries adopters_approved adoption_decisions
placement_orders_granted adoption_matches adoption_placements children_adopted adoption_a1_days
adoption_a2_days interagency_placements interagency_placement_cost adoption_support_families
care_leavers_eet_pct population_0_17""".split()

PANEL = "The table below indicates the numbers of reports dealt with by the fostering panel"


def test_required_ids_present_and_entries_well_formed():
    metrics = load_catalogue()
    ids = [m.id for m in metrics]
    assert set(REQUIRED) <= set(ids)
    assert len(ids) == len(set(ids))
    for m in metrics:
        assert m.label and m.definition and m.unit and m.period_kind in ("stock", "flow")
        for s in m.synonyms:   # prose matching uses synonyms as plain phrases
            assert s == s.lower() and not re.search(r"[\\^$()\[\]|?*+]", s), (m.id, s)
        if m.percent_metric:
            assert get_metric(m.percent_metric).unit == "percent"
    assert load_catalogue() == metrics      # cached, stable


@pytest.mark.parametrize("label", ["Cared for children", "Children in care", "Looked after children",
                                   "LAC", "CLA", "Children looked after"])
def test_looked_after_synonyms_are_one_metric(label):
    assert match_metric(label) == "cla_count"


@pytest.mark.parametrize("label,context,expected", [
    ("Children in foster care", None, "cla_fostered"),
    ("Children with Southwark registered foster carers", None, "cla_fostered_inhouse"),
    ("Children with Independent Fostering Agency carers", None, "cla_fostered_ifa"),
    ("Children with friends & family foster carers", None, "cla_fostered_connected"),
    ("Foster carers approved", None, "foster_carer_approvals"),
    ("Foster carers ceased approval", None, "foster_carer_deregistrations"),
    ("Friends & Family carers approved", None, "connected_carer_approvals"),
    ("Enquiries", "Fostering Enquiries 2017 - 2018 Progressions", "fostering_enquiries"),
    ("ROI", None, "fostering_applications"),
    ("IV", None, "fostering_initial_visits"),
    ("Assessments", None, "fostering_assessments"),
    ("Approvals", None, "foster_carer_approvals"),
    ("Assessment of foster carers", PANEL, "panel_assessments_total"),
    ("Number of connected persons assessment", PANEL, "panel_connected_person_assessments"),
    ("Number of Mainstream assessments (* see para below)", PANEL, "panel_mainstream_assessments"),
    ("Annual review of Foster Carers", PANEL, "panel_annual_reviews"),
    ("De-registration of Foster Carers", PANEL, "panel_deregistrations"),
    ("Other reports, i.e. approval changes, termination of assessments,", PANEL, "panel_other_reports"),
    ("Adoption enquiries", None, "adoption_enquiries"),
    ("Staying Put", None, "staying_put_count"),
])
def test_row_labels_map(label, context, expected):
    assert match_metric(label, context) == expected


@pytest.mark.parametrize("label", ["Page 70", "", "Total", "Cambridge", "Report to:"])
def test_unrelated_labels_do_not_map(label):
    assert match_metric(label) is None


# Row labels as councils commonly word them (issue 3): each must reach its metric without context.
@pytest.mark.parametrize("label,expected", [
    ("Number of children looked after", "cla_count"),
    ("Children Looked After (CLA)", "cla_count"),
    ("Number of CLA", "cla_count"),
    ("Foster carer households", "fostering_households"),
    ("Mainstream foster carers", "fostering_households_mainstream"),
    ("Connected persons carers", "fostering_households_connected"),
    ("Initial enquiries", "fostering_enquiries"),
    ("Enquiries received", "fostering_enquiries"),
    ("Initial home visits", "fostering_initial_visits"),
    ("Form F assessments", "fostering_assessments"),
    ("Approvals at panel", "foster_carer_approvals"),
    ("Foster carer approvals", "foster_carer_approvals"),
    ("Households approved", "foster_carer_approvals"),
    ("Resignations", "foster_carer_deregistrations"),
    ("Special Guardianship Orders", "sgo_granted"),
    ("Placement moves (3 or more)", "placement_stability_3plus_pct"),
    ("Placements with 3 or more moves", "placement_stability_3plus_pct"),
    ("Fostering places", "foster_places_approved"),
    ("Children in residential care (%)", "cla_residential_pct"),
])
def test_common_council_wording_maps(label, expected):
    assert match_metric(label) == expected


def test_bracket_is_read_only_when_the_label_alone_does_not_match():
    # "(* see para below)" is noise: the label without it decides.
    assert match_metric("Number of Mainstream assessments (* see para below)", PANEL) == \
        "panel_mainstream_assessments"
    assert match_metric("Resignations (see note 3)") == "foster_carer_deregistrations"


def test_every_metric_the_report_and_official_statistics_name_is_in_the_catalogue():
    from core.catalogue import themes
    from warehouse.official import cla_measures, stability_measures
    ids = {m.id for m in load_catalogue()}
    shown = [m for _, ms in themes() for m in ms]
    assert [t for t, _ in themes()] == ["Children in care", "Fostering capacity", "Recruitment funnel",
                                        "Placement stability", "Adoption"]
    assert "cla_count" in shown and "placement_stability_long_term_pct" in shown
    official = {m for _, _, m, _ in cla_measures()} | {m for _, _, m, _ in stability_measures()}
    assert {"cla_started_rate_per_10k", "cla_ceased_rate_per_10k", "cla_count"} <= official <= ids


def test_a_theme_not_declared_is_refused(tmp_path, monkeypatch):
    import core.catalogue as catalogue
    path = tmp_path / "metrics.toml"
    path.write_text('themes = ["A"]\n[[metric]]\nid = "x"\nlabel = "X"\ndefinition = "d"\n'
                    'unit = "count"\nperiod_kind = "flow"\ntheme = "B"\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE_PATH", path)
    catalogue._catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="theme 'B' is not one of themes"):
            catalogue.load_catalogue()
    finally:
        monkeypatch.undo()
        catalogue._catalogue.cache_clear()
