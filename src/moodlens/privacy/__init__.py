"""Privacy and data controls: consent, retention, recording, deletion, export, audit trail."""
