-- Analyst layer, part 2: the views analysts query. Computed on read, so they always reflect the
-- latest run. Documented in README.md ("Analyst views"); pinned by tests/test_analyst_*.py.
-- CREATE OR REPLACE: warehouses built with an early draft of 0002 (which held these views) are
-- brought up to date too.
DROP VIEW IF EXISTS metric_ranked;

-- Every candidate figure: extracted observations plus rates derived from extracted counts and the
-- ONS 0-17 population (the latest mid-year estimate on or before the figure's date, as DfE does).
-- own_period: the figure is for the reporting period of the document that states it.
CREATE OR REPLACE VIEW metric_candidates AS
WITH obs AS (
    SELECT o.observation_id, o.document_id, coalesce(o.authority_code, d.authority_code) AS authority_code,
           coalesce(o.authority, d.authority) AS authority, o.metric, o.value_kind, o.period_type,
           o.period_start, o.period_end, o.value, o.unit, o.qualifier, o.page, o.evidence,
           o.extractor, o.confidence,
           (d.period_end IS NOT NULL AND d.period_end = o.period_end) AS own_period,
           coalesce(d.period_end, d.meeting_date) AS document_date, d.processed_at,
           d.title AS document_title, d.source_path
    FROM metric_observations o JOIN documents d USING (document_id)
    WHERE o.metric IS NOT NULL
)
SELECT observation_id, document_id, authority_code, authority, metric, value_kind, period_type,
       period_start, period_end, value, unit, qualifier, page, evidence, extractor, confidence,
       own_period, document_date, processed_at, document_title, source_path
FROM obs
UNION ALL
SELECT o.observation_id || '-per10k', o.document_id, o.authority_code, o.authority, r.rate_metric,
       'derived', o.period_type, o.period_start, o.period_end,
       round(o.value * 10000 / p.population_0_17, 1), 'rate_per_10k', o.qualifier, o.page,
       o.value::VARCHAR || ' x 10,000 / ' || p.population_0_17::BIGINT::VARCHAR || ' (ONS mid-'
           || p.year::VARCHAR || ' population aged 0-17); from: ' || coalesce(o.evidence, ''),
       o.extractor, o.confidence, o.own_period, o.document_date, o.processed_at,
       o.document_title, o.source_path
FROM obs o
JOIN derived_rate_rules r ON r.count_metric = o.metric
JOIN reference_population p
  ON p.authority_code = o.authority_code AND p.population_0_17 > 0
 AND p.year = CASE WHEN month(o.period_end) >= 7 THEN year(o.period_end) ELSE year(o.period_end) - 1 END
WHERE o.value_kind = 'actual' AND o.unit = 'count' AND o.period_end IS NOT NULL;

-- The preferred-value rule, as one sortable struct per candidate (the highest wins):
--   1. a figure stated in its own period's report beats a later restatement;
--   2. a table beats prose;
--   3. an exact figure beats an approximate one ("about 600", "more than 50");
--   4. higher extraction confidence wins;
--   5. then the newest document, the latest processed, the highest observation id (deterministic).
-- A GROUP BY with arg_max, not a window sort: a million candidates resolve in well under a second.
CREATE OR REPLACE VIEW metric_preference AS
SELECT c.*,
       struct_pack(own := c.own_period, tbl := c.extractor = 'table', exact := c.qualifier IS NULL,
                   conf := coalesce(c.confidence, -1.0),
                   doc := coalesce(c.document_date, DATE '0001-01-01'),
                   processed := coalesce(c.processed_at, TIMESTAMP '0001-01-01'),
                   obs := c.observation_id) AS pref
FROM metric_candidates c
WHERE c.authority_code IS NOT NULL;

-- One preferred value per (authority_code, metric, period_start, period_end, value_kind).
-- Undated figures are not known to be for the same period, so they never conflict.
CREATE OR REPLACE VIEW metric_values AS
WITH resolved AS (
    SELECT authority_code, metric, period_start, period_end, value_kind,
           arg_max(p, p.pref) AS best, count(*) AS n_sources,
           (min(value) <> max(value)) AND NOT (period_start IS NULL AND period_end IS NULL) AS has_conflict
    FROM metric_preference p
    GROUP BY authority_code, metric, period_start, period_end, value_kind
)
SELECT authority_code, best.authority AS authority, metric, value_kind, best.period_type AS period_type,
       period_start, period_end, best.value AS value, best.unit AS unit, best.qualifier AS qualifier,
       n_sources, has_conflict, best.observation_id AS observation_id,
       best.document_id AS document_id, best.document_title AS document_title,
       best.source_path AS source_path, best.page AS page, best.evidence AS evidence,
       best.extractor AS extractor, best.confidence AS confidence, best.own_period AS own_period,
       best.document_date AS document_date
FROM resolved;

-- Keys whose sources disagree: one row per distinct value, with its sources and why it was or was
-- not preferred. (Grouped then windowed over the few per-value rows, so filters on authority or
-- metric reach the scan.)
CREATE OR REPLACE VIEW metric_conflicts AS
WITH per_value AS (
    SELECT authority_code, metric, period_start, period_end, value_kind, value,
           count(*) AS n_sources,
           string_agg(p.document_id || ' p.' || coalesce(CAST(p.page AS VARCHAR), '?'), '; '
                      ORDER BY p.pref DESC) AS sources,
           -- only the fields the reason needs: a narrow struct keeps the aggregation cheap
           arg_max(struct_pack(authority := p.authority, period_type := p.period_type,
                               unit := p.unit, value := p.value, own_period := p.own_period,
                               extractor := p.extractor, qualifier := p.qualifier,
                               confidence := p.confidence, document_id := p.document_id,
                               document_date := p.document_date,
                               observation_id := p.observation_id, evidence := p.evidence),
                   p.pref) AS rep,
           max(p.pref) AS best_pref
    FROM metric_preference p
    WHERE NOT (period_start IS NULL AND period_end IS NULL)
    GROUP BY authority_code, metric, period_start, period_end, value_kind, value
), keyed AS (
    SELECT *, count(*) OVER k AS n_values, arg_max(rep, best_pref) OVER k AS b
    FROM per_value
    WINDOW k AS (PARTITION BY authority_code, metric, period_start, period_end, value_kind)
)
SELECT authority_code, b.authority AS authority, metric, value_kind, b.period_type AS period_type,
       period_start, period_end, value, b.unit AS unit, value = b.value AS is_preferred,
       b.value AS preferred_value, n_sources, sources, rep.observation_id AS observation_id,
       rep.evidence AS evidence,
       CASE
         WHEN value = b.value THEN 'preferred: ' || CASE
             WHEN b.own_period THEN 'stated in the report for this period'
             WHEN b.extractor = 'table' THEN 'from a table'
             ELSE 'highest confidence, newest document' END
         WHEN b.own_period AND NOT rep.own_period
             THEN 'later restatement; the report for this period says ' || b.value
         WHEN b.extractor = 'table' AND rep.extractor <> 'table'
             THEN 'prose figure; a table says ' || b.value
         WHEN b.qualifier IS NULL AND rep.qualifier IS NOT NULL
             THEN 'approximate figure; an exact one says ' || b.value
         WHEN coalesce(b.confidence, 0) > coalesce(rep.confidence, 0)
             THEN 'lower extraction confidence than the figure ' || b.value
         WHEN rep.document_id = b.document_id
             THEN 'the same document also gives ' || b.value || ' (check the quote)'
         WHEN rep.document_date < b.document_date
             THEN 'older document; a newer one says ' || b.value
         ELSE 'lower in the preference order than the figure ' || b.value
       END AS reason
FROM keyed
WHERE n_values > 1;

-- Side by side: one row per metric, period and authority, from the papers ('report') and from the
-- official statistics ('official'), with provenance.
CREATE OR REPLACE VIEW compare AS
SELECT v.metric, m.label AS metric_label, v.period_type, v.period_start, v.period_end,
       v.value_kind, coalesce(a.name, v.authority) AS authority, v.authority_code, v.value,
       v.unit, 'report' AS source, v.has_conflict, v.n_sources, v.document_id,
       v.document_title, v.source_path, v.page, v.evidence
FROM metric_values v
LEFT JOIN authorities a ON a.gss_code = v.authority_code
LEFT JOIN metrics m ON m.metric = v.metric
UNION ALL
SELECT r.metric, m.label, r.period_type, r.period_start, r.period_end, 'actual',
       r.authority, r.authority_code, r.value, r.unit, 'official', false, 1, NULL,
       r.source_file, r.source_file, NULL, r.measure
FROM reference_values r
LEFT JOIN metrics m ON m.metric = r.metric
WHERE r.metric IS NOT NULL AND r.value IS NOT NULL;

-- Every extracted value with an official counterpart (same authority and metric), against the
-- latest official figure on or before its date (else the nearest after). A figure for a date near
-- but not on the official one is shown with same_date = false: a different date, not a conflict.
CREATE OR REPLACE VIEW metric_reconciliation AS
WITH pairs AS (
    SELECT v.authority, v.authority_code, v.metric, v.value_kind, v.unit, v.period_type,
           v.period_start AS extracted_start, v.period_end AS extracted_date,
           v.value AS extracted_value, r.period_start AS official_start,
           r.period_end AS official_date, r.value AS official_value, r.source_file AS official_source,
           v.document_id, v.document_title, v.page, v.evidence, v.observation_id,
           row_number() OVER (PARTITION BY v.observation_id
                              ORDER BY (r.period_end > v.period_end),
                                       abs(date_diff('day', r.period_end, v.period_end))) AS nearest
    FROM metric_values v
    JOIN reference_values r
      ON r.authority_code = v.authority_code AND r.metric = v.metric AND r.unit = v.unit
     AND r.value IS NOT NULL
    WHERE v.value_kind IN ('actual', 'derived') AND v.period_end IS NOT NULL
      AND abs(date_diff('day', r.period_end, v.period_end)) <= 366   -- within a year of an official figure
)
SELECT authority, authority_code, metric, value_kind, unit, extracted_date, extracted_value,
       official_date, official_value, extracted_value - official_value AS difference,
       (extracted_date = official_date
        AND (period_type = 'as_at' OR extracted_start IS NOT DISTINCT FROM official_start)) AS same_date,
       date_diff('day', official_date, extracted_date) AS days_apart,
       document_id, document_title, page, evidence, observation_id, official_source
FROM pairs
WHERE nearest = 1;
