-- Staged rows without primary-key indexes. Every publish deletes all staged rows (they have moved
-- to Parquet), and with DuckDB's primary-key indexes committing that delete took seconds per
-- hundred thousand rows, and each insert three times as long. The keys still hold: loading a
-- document deletes its staged rows before adding them again, one transaction per document.

CREATE TABLE staged_blocks_unkeyed (
    document_id VARCHAR NOT NULL,
    block_index INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,           -- heading | paragraph | list_item | table
    page        INTEGER,
    level       INTEGER,
    section     VARCHAR,
    agenda_item VARCHAR,
    text        VARCHAR,
    char_start  INTEGER,
    char_end    INTEGER,
    x0 DOUBLE, top DOUBLE, x1 DOUBLE, bottom DOUBLE
);
INSERT INTO staged_blocks_unkeyed SELECT * FROM staged_blocks;
DROP TABLE staged_blocks;
ALTER TABLE staged_blocks_unkeyed RENAME TO staged_blocks;

CREATE TABLE staged_tables_unkeyed (
    document_id VARCHAR NOT NULL,
    table_index INTEGER NOT NULL,
    page        INTEGER,
    pages       VARCHAR,                    -- e.g. '5,6' when it continues over a page
    method      VARCHAR,                    -- lines | text | tsv | html
    n_rows      INTEGER,
    n_cols      INTEGER,
    caption     VARCHAR,
    agenda_item VARCHAR
);
INSERT INTO staged_tables_unkeyed SELECT * FROM staged_tables;
DROP TABLE staged_tables;
ALTER TABLE staged_tables_unkeyed RENAME TO staged_tables;

CREATE TABLE staged_table_cells_unkeyed (
    document_id VARCHAR NOT NULL,
    table_index INTEGER NOT NULL,
    "row"       INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    text        VARCHAR
);
INSERT INTO staged_table_cells_unkeyed SELECT * FROM staged_table_cells;
DROP TABLE staged_table_cells;
ALTER TABLE staged_table_cells_unkeyed RENAME TO staged_table_cells;

CREATE TABLE staged_metric_observations_unkeyed (
    observation_id VARCHAR NOT NULL, -- document_id-sequence: stable across identical re-runs
    document_id    VARCHAR NOT NULL,
    authority      VARCHAR,
    authority_code VARCHAR,
    metric         VARCHAR,                 -- catalogue id; null when the label is not mapped
    label_raw      VARCHAR,
    value_kind     VARCHAR NOT NULL,        -- actual | target | forecast | benchmark | derived
    period_type    VARCHAR NOT NULL,        -- as_at | financial_year | quarter | month | calendar_year | other
    period_start   DATE,
    period_end     DATE,
    value          DOUBLE NOT NULL,
    unit           VARCHAR NOT NULL,        -- count | percent | gbp | days | rate_per_10k | ratio
    qualifier      VARCHAR,                 -- approx | more_than | less_than | null
    page           INTEGER,
    section        VARCHAR,
    evidence       VARCHAR,
    extractor      VARCHAR NOT NULL,        -- table | prose
    confidence     DOUBLE,
    agenda_item    VARCHAR,
    table_index    INTEGER,
    "row"          INTEGER,
    col            INTEGER,
    checks         VARCHAR,
    flags          VARCHAR
);
INSERT INTO staged_metric_observations_unkeyed SELECT * FROM staged_metric_observations;
DROP TABLE staged_metric_observations;
ALTER TABLE staged_metric_observations_unkeyed RENAME TO staged_metric_observations;

CREATE TABLE staged_actions_unkeyed (
    action_id    VARCHAR NOT NULL,
    document_id  VARCHAR NOT NULL,
    authority    VARCHAR,
    kind         VARCHAR NOT NULL,          -- resolution | recommendation | decision | action_plan_item | commitment | priority
    ref          VARCHAR,
    text         VARCHAR NOT NULL,
    owner        VARCHAR,
    due_date     DATE,
    due_text     VARCHAR,
    status       VARCHAR,
    meeting_date DATE,
    page         INTEGER,
    evidence     VARCHAR,
    section      VARCHAR,
    agenda_item  VARCHAR,
    parent_ref   VARCHAR,
    parent_title VARCHAR
);
INSERT INTO staged_actions_unkeyed SELECT * FROM staged_actions;
DROP TABLE staged_actions;
ALTER TABLE staged_actions_unkeyed RENAME TO staged_actions;

CREATE TABLE staged_meetings_unkeyed (
    meeting_id   VARCHAR NOT NULL, -- document_id-key
    document_id  VARCHAR NOT NULL,
    authority    VARCHAR,
    committee    VARCHAR,
    meeting_date DATE,
    start_time   VARCHAR,
    venue        VARCHAR,
    kind         VARCHAR,                   -- agenda | minutes
    attendance   VARCHAR,
    apologies    VARCHAR
);
INSERT INTO staged_meetings_unkeyed SELECT * FROM staged_meetings;
DROP TABLE staged_meetings;
ALTER TABLE staged_meetings_unkeyed RENAME TO staged_meetings;

CREATE TABLE staged_agenda_items_unkeyed (
    meeting_id   VARCHAR NOT NULL,
    document_id  VARCHAR NOT NULL,
    item_number  VARCHAR NOT NULL,
    title        VARCHAR,
    report_of    VARCHAR,
    key_decision BOOLEAN,
    page_start   INTEGER,
    page_end     INTEGER,
    printed_pages VARCHAR,
    first_block  INTEGER,
    last_block   INTEGER
);
INSERT INTO staged_agenda_items_unkeyed SELECT * FROM staged_agenda_items;
DROP TABLE staged_agenda_items;
ALTER TABLE staged_agenda_items_unkeyed RENAME TO staged_agenda_items;
