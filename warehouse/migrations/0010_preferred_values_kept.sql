-- metric_values and metric_conflicts kept by the writer instead of computed on every read.
-- Computed on read, one council's conflicts took 215-277 ms on 10,000 documents, most of it spent
-- planning the view stack over every observation file (located_observations -> metric_candidates
-- -> metric_preference), a cost that grows with the warehouse. The rule is unchanged: its views
-- keep their SQL under the names computed_metric_values / computed_metric_conflicts, and at each
-- publish the writer stores their rows for the councils whose observations changed, one Parquet
-- file per council (warehouse/derived.py). metric_values and metric_conflicts become views over
-- those files (same columns, same rows); compare and metric_reconciliation read them by name.
ALTER VIEW metric_values RENAME TO computed_metric_values;
ALTER VIEW metric_conflicts RENAME TO computed_metric_conflicts;

-- (Until the writer's first publish after this migration, the two views compute on read.)

-- One preferred value per (authority_code, metric, period_start, period_end, value_kind).
-- Undated figures are not known to be for the same period, so they never conflict.
CREATE VIEW metric_values AS SELECT * FROM computed_metric_values;

-- Keys whose sources disagree: one row per distinct value, with its sources and why it was or was
-- not preferred.
CREATE VIEW metric_conflicts AS SELECT * FROM computed_metric_conflicts;

-- What the stored rows were computed from besides observations and documents (the rule's SQL,
-- ONS population, derived-rate rules): when it changes, every council is refreshed.
CREATE TABLE derived_state (
    fingerprint VARCHAR
);
INSERT INTO derived_state VALUES (NULL);
