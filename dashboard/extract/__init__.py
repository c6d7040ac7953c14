"""Extraction, in pipeline order: load -> detect -> parse -> classify -> normalise (with footing,
narrative and page scale) -> tidy facts. `pipeline` calls the stages in order."""
