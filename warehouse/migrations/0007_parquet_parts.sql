-- Publishing whose cost does not grow with the warehouse. The write-once rows of each document
-- (blocks, tables, table_cells, metric_observations, actions, meetings, agenda_items) move out of this
-- DuckDB file into immutable Parquet files in a folder beside it (<db>.parts/, see
-- warehouse/parts.py). This file keeps the catalogue, the tables that change (documents, runs,
-- reference data) and, for each moved table, a view of the same name over exactly the Parquet files
-- of this snapshot, so a reader's snapshot stays consistent and only this small file is copied when a
-- run publishes. Rows loaded since the last publish wait in staged_<table> (the same columns); the
-- writer moves them into Parquet when it publishes and points the views at the new files.
ALTER TABLE blocks RENAME TO staged_blocks;
ALTER TABLE tables RENAME TO staged_tables;
ALTER TABLE table_cells RENAME TO staged_table_cells;
ALTER TABLE metric_observations RENAME TO staged_metric_observations;
ALTER TABLE actions RENAME TO staged_actions;
ALTER TABLE meetings RENAME TO staged_meetings;
ALTER TABLE agenda_items RENAME TO staged_agenda_items;

-- Documents whose rows in Parquet files were replaced or removed since the last publish.
CREATE TABLE staged_deletions (
    document_id VARCHAR PRIMARY KEY
);

-- Every Parquet file this snapshot reads: one table, one partition (an authority's GSS code, or '_').
CREATE TABLE parquet_files (
    path        VARCHAR PRIMARY KEY,     -- relative to the parts folder
    table_name  VARCHAR NOT NULL,
    part        VARCHAR NOT NULL,        -- authority code the rows are for ('_' when none)
    n_rows      BIGINT NOT NULL,
    columns     VARCHAR NOT NULL,        -- the column list it was written with
    generation  BIGINT NOT NULL,         -- publish that wrote it
    created_at  TIMESTAMP NOT NULL
);

-- Which documents' rows each file holds (to rewrite the files of a replaced document).
CREATE TABLE parquet_documents (
    path        VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL
);

-- Files no longer in the catalogue, kept until no reader's snapshot can still read them.
CREATE TABLE retired_files (
    path               VARCHAR PRIMARY KEY,
    retired_at         TIMESTAMP NOT NULL,
    retired_generation BIGINT NOT NULL    -- snapshots older than this publish may read it
);

-- The publish counter, and the folder the views' file paths point into.
CREATE TABLE publish_state (
    generation BIGINT NOT NULL,
    parts_root VARCHAR
);
INSERT INTO publish_state VALUES (0, NULL);

-- Until the first publish each table is its staged rows; the writer then points them at Parquet.

CREATE VIEW blocks AS SELECT * FROM staged_blocks;
CREATE VIEW tables AS SELECT * FROM staged_tables;
CREATE VIEW table_cells AS SELECT * FROM staged_table_cells;
CREATE VIEW metric_observations AS SELECT * FROM staged_metric_observations;
CREATE VIEW actions AS SELECT * FROM staged_actions;
CREATE VIEW meetings AS SELECT * FROM staged_meetings;
CREATE VIEW agenda_items AS SELECT * FROM staged_agenda_items;
-- Observations with the authority they are about (their own, else their document's; '_' when
-- neither, or when it is not a plain code such as a GSS code): the Parquet files are partitioned by it, so one council's figures are read alone.
CREATE VIEW located_observations AS
SELECT o.*, CASE WHEN regexp_full_match(coalesce(o.authority_code, d.authority_code), '[A-Za-z0-9]+')
                 THEN coalesce(o.authority_code, d.authority_code) ELSE '_' END AS part
FROM staged_metric_observations o LEFT JOIN documents d USING (document_id);

-- metric_candidates as in 0003, reading the authority from the partition, so that a filter on one
-- council (metric_values, metric_conflicts, compare) opens only that council's files; the shared
-- CTE is inlined into both branches (NOT MATERIALIZED), or the filter would stop at it.
CREATE OR REPLACE VIEW metric_candidates AS
WITH obs AS NOT MATERIALIZED (
    SELECT o.observation_id, o.document_id, nullif(o.part, '_') AS authority_code,
           coalesce(o.authority, d.authority) AS authority, o.metric, o.value_kind, o.period_type,
           o.period_start, o.period_end, o.value, o.unit, o.qualifier, o.page, o.evidence,
           o.extractor, o.confidence,
           (d.period_end IS NOT NULL AND d.period_end = o.period_end) AS own_period,
           coalesce(d.period_end, d.meeting_date) AS document_date, d.processed_at,
           d.title AS document_title, d.source_path
    FROM located_observations o JOIN documents d USING (document_id)
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
