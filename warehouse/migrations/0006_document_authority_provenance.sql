-- How each document's council was known, and why none was given when none was (issue 11).
ALTER TABLE documents ADD COLUMN authority_source VARCHAR;  -- provenance | address | letterhead | text; null when unknown
ALTER TABLE documents ADD COLUMN authority_note VARCHAR;    -- why no council was given, when none was
