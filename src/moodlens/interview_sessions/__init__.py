"""Interview sessions: lifecycle, the question flow and the candidate's responses."""
