-- Only figures with a resolved period compete for a preferred value. A figure whose period could
-- not be resolved (period_type 'other') stays in metric_observations, but is not known to be for
-- the same period as anything else: before this, all undated figures of a metric collapsed into
-- one arbitrary metric_values row, and table figures with an unknown period (which carry their
-- document's dates) competed with real financial-year figures.
CREATE OR REPLACE VIEW metric_preference AS
SELECT c.*,
       struct_pack(own := c.own_period, tbl := c.extractor = 'table', exact := c.qualifier IS NULL,
                   conf := coalesce(c.confidence, -1.0),
                   doc := coalesce(c.document_date, DATE '0001-01-01'),
                   processed := coalesce(c.processed_at, TIMESTAMP '0001-01-01'),
                   obs := c.observation_id) AS pref
FROM metric_candidates c
WHERE c.authority_code IS NOT NULL
  AND c.period_type <> 'other' AND c.period_end IS NOT NULL;
