-- Analyst layer, part 1: official reference tables (filled by `council-etl reference load`; they
-- persist across runs) and the derived-rate rules. The views are in 0003_analyst_views.sql.

-- Official statistics (DfE / ONS), one row per geography, measure and period.
CREATE TABLE reference_values (
    source_file      VARCHAR NOT NULL,      -- the file it was loaded from (reloading it replaces these rows)
    measure          VARCHAR NOT NULL,      -- the file's own measure name, normalised ('at'/'on 31 March' alike)
    metric           VARCHAR,               -- catalogue id when the measure maps to one; null otherwise
    geographic_level VARCHAR NOT NULL,      -- National | Regional | Local authority
    authority        VARCHAR,               -- England, region or authority name
    authority_code   VARCHAR,               -- GSS code (E92000001 for England)
    old_la_code      VARCHAR,               -- DfE three-digit LA number
    time_period      INTEGER,               -- the file's reporting year (2023 = year ending 31 March 2023)
    period_type      VARCHAR NOT NULL,      -- as_at | financial_year
    period_start     DATE,
    period_end       DATE,
    value            DOUBLE,                -- null when suppressed
    unit             VARCHAR NOT NULL,      -- count | rate_per_10k | percent
    suppressed       VARCHAR,               -- the file's code when not published: c | k | x | z | low
    rounded          BOOLEAN NOT NULL,      -- national/regional counts are rounded to the nearest 10
    loaded_at        TIMESTAMP NOT NULL
);

-- ONS mid-year estimates of children aged 0 to 17 (the denominator of every rate per 10,000).
CREATE TABLE reference_population (
    source_file      VARCHAR NOT NULL,
    geographic_level VARCHAR NOT NULL,
    authority        VARCHAR,
    authority_code   VARCHAR,               -- GSS code
    old_la_code      VARCHAR,
    year             INTEGER NOT NULL,      -- mid-year (30 June) of the estimate
    population_0_17  DOUBLE,                -- null when suppressed
    suppressed       VARCHAR,
    loaded_at        TIMESTAMP NOT NULL
);

-- DfE statistical neighbours (2021 grouping): each authority's ten most similar authorities.
CREATE TABLE statistical_neighbours (
    source_file         VARCHAR NOT NULL,
    authority           VARCHAR NOT NULL,
    authority_code      VARCHAR,            -- GSS code (via the LA number)
    old_la_code         VARCHAR NOT NULL,
    rank                INTEGER NOT NULL,   -- 1 = closest
    neighbour           VARCHAR,
    neighbour_code      VARCHAR,            -- GSS code
    neighbour_old_la_code VARCHAR NOT NULL,
    closeness           VARCHAR,            -- Very Close | Close | Somewhat close | Not Close
    loaded_at           TIMESTAMP NOT NULL
);

-- ONS lower-tier -> upper-tier authority lookup (April 2023).
CREATE TABLE reference_la_lookup (
    source_file VARCHAR NOT NULL,
    ltla_code   VARCHAR NOT NULL,
    ltla_name   VARCHAR,
    utla_code   VARCHAR,
    utla_name   VARCHAR,
    loaded_at   TIMESTAMP NOT NULL
);

-- Which counts become which rate per 10,000 children aged 0-17 (value_kind 'derived').
CREATE TABLE derived_rate_rules (
    count_metric VARCHAR PRIMARY KEY,
    rate_metric  VARCHAR NOT NULL
);
INSERT INTO derived_rate_rules VALUES
    ('cla_count', 'cla_rate_per_10k'),
    ('cla_started', 'cla_started_rate_per_10k'),
    ('cla_ceased', 'cla_ceased_rate_per_10k');
