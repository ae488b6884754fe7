-- What went wrong in a run, in the run's own row: JSON list of {source, status, error}.
ALTER TABLE runs ADD COLUMN failures VARCHAR;
