"""Interview templates: the content's role x round x difficulty combinations, served from the DB."""
