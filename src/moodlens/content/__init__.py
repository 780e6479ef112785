"""Versioned product content (question banks, rubrics, norms) as data files."""
