"""Pure signal-processing libraries: numpy in, dataclasses out (no web or DB code)."""
