"""Pure coaching logic: content loading, answer analysis, question engine, scoring.

Nothing here imports web or database code; domains call these modules.
"""
