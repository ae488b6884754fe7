-- Core analyst contract. Documented in README.md ("Analyst tables"); pinned by tests/test_warehouse.py.

CREATE TABLE documents (
    document_id       VARCHAR PRIMARY KEY,   -- 'd' + first 16 hex of sha256: one row per distinct content
    sha256            VARCHAR NOT NULL,
    source_path       VARCHAR NOT NULL,      -- where it was first found (file path or URL)
    format            VARCHAR,               -- pdf | html | text | unknown
    title             VARCHAR,
    authority         VARCHAR,
    authority_code    VARCHAR,               -- GSS code
    doc_type          VARCHAR,
    period_start      DATE,
    period_end        DATE,
    meeting_date      DATE,
    pages             INTEGER,
    status            VARCHAR NOT NULL,      -- ok | partial | failed | skipped
    error             VARCHAR,               -- a sentence a person can act on; null when ok
    extractor_version VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL,    -- first time these bytes were seen
    processed_at      TIMESTAMP NOT NULL,    -- last time they were (re)extracted
    run_id            VARCHAR,
    n_bytes           BIGINT,
    raw_path          VARCHAR                -- the immutable copy in the raw store
);

CREATE TABLE document_sources (
    source_path        VARCHAR PRIMARY KEY,  -- a file path or URL; its current content is document_id
    document_id        VARCHAR NOT NULL,
    source_name        VARCHAR,
    url                VARCHAR,
    committee          VARCHAR,
    committee_id       VARCHAR,
    meeting_id         VARCHAR,
    meeting_date       DATE,
    agenda_item_number VARCHAR,
    agenda_item_title  VARCHAR,
    document_title     VARCHAR,
    first_seen         TIMESTAMP NOT NULL,
    last_seen          TIMESTAMP NOT NULL
);

CREATE TABLE blocks (
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
    x0 DOUBLE, top DOUBLE, x1 DOUBLE, bottom DOUBLE,
    PRIMARY KEY (document_id, block_index)
);

CREATE TABLE tables (
    document_id VARCHAR NOT NULL,
    table_index INTEGER NOT NULL,
    page        INTEGER,
    pages       VARCHAR,                    -- e.g. '5,6' when it continues over a page
    method      VARCHAR,                    -- lines | text | tsv | html
    n_rows      INTEGER,
    n_cols      INTEGER,
    caption     VARCHAR,
    agenda_item VARCHAR,
    PRIMARY KEY (document_id, table_index)
);

CREATE TABLE table_cells (
    document_id VARCHAR NOT NULL,
    table_index INTEGER NOT NULL,
    "row"       INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    text        VARCHAR
);

CREATE TABLE metric_observations (
    observation_id VARCHAR PRIMARY KEY,     -- document_id-sequence: stable across identical re-runs
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

CREATE TABLE actions (
    action_id    VARCHAR PRIMARY KEY,
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

CREATE TABLE meetings (
    meeting_id   VARCHAR PRIMARY KEY,       -- document_id-key
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

CREATE TABLE agenda_items (
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

CREATE TABLE metrics (
    metric      VARCHAR PRIMARY KEY,
    label       VARCHAR,
    definition  VARCHAR,
    unit        VARCHAR,
    period_kind VARCHAR,                    -- stock (at a date) | flow (over a period)
    synonyms    VARCHAR[]
);

CREATE TABLE authorities (
    gss_code    VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    old_la_code VARCHAR,
    region      VARCHAR,
    kind        VARCHAR
);

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    trigger       VARCHAR,                  -- cli | schedule | fetch | test
    inputs        VARCHAR,                  -- what was asked for (paths or sources)
    extractor_version VARCHAR,
    n_found       INTEGER,
    n_processed   INTEGER,
    n_unchanged   INTEGER,
    n_ok          INTEGER,
    n_partial     INTEGER,
    n_failed      INTEGER,
    n_skipped     INTEGER,
    n_observations INTEGER,
    n_actions     INTEGER,
    seconds       DOUBLE,
    stage_seconds VARCHAR,                  -- JSON: stage -> seconds, summed over documents
    status        VARCHAR,                  -- running | ok | failed
    error         VARCHAR
);
