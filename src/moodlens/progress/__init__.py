"""Across sessions: progress trends, insights with the weekly plan, plan check-offs."""
