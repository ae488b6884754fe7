"""The ground floor: the document model, errors, the metric catalogue, the council gazetteer and
the period grammar. Imports nothing of the project; every other package stands on it."""
