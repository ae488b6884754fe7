-- One row per meeting and per agenda item across documents. `meetings` holds the meetings each
-- document describes (an agenda pack, its printed minutes and eight reports fetched from one
-- meeting give eight rows); these views merge them: by the ModernGov meeting a fetched paper came
-- from, else by council, committee and date.
CREATE VIEW meeting_register AS
WITH keyed AS (
    SELECT m.*,
           coalesce(s.source_name || ':' || s.meeting_id,
                    coalesce(m.authority, '?') || ':' || coalesce(lower(m.committee), '?') || ':'
                    || coalesce(CAST(m.meeting_date AS VARCHAR), m.meeting_id)) AS meeting_ref
    FROM meetings m
    LEFT JOIN document_sources s
      ON s.document_id = m.document_id AND s.meeting_id IS NOT NULL
     AND s.meeting_date = m.meeting_date
)
SELECT meeting_ref,
       any_value(authority) AS authority,
       any_value(committee) FILTER (WHERE committee IS NOT NULL) AS committee,
       meeting_date,
       any_value(start_time) FILTER (WHERE start_time IS NOT NULL) AS start_time,
       any_value(venue) FILTER (WHERE venue IS NOT NULL) AS venue,
       count(DISTINCT document_id) AS n_documents,
       list(DISTINCT meeting_id ORDER BY meeting_id) AS meeting_ids
FROM keyed
GROUP BY meeting_ref, meeting_date;

CREATE VIEW agenda_register AS
SELECT r.meeting_ref, r.meeting_date, r.committee,
       rtrim(a.item_number, '.') AS item_number,
       any_value(a.title) AS title,
       any_value(a.report_of) FILTER (WHERE a.report_of IS NOT NULL) AS report_of,
       bool_or(a.key_decision) AS key_decision,
       count(DISTINCT a.meeting_id) AS n_documents
FROM agenda_items a
JOIN meeting_register r ON list_contains(r.meeting_ids, a.meeting_id)
GROUP BY r.meeting_ref, r.meeting_date, r.committee, rtrim(a.item_number, '.');
