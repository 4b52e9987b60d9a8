"""The reliability fault suite of quality.md section 6 (`python -m faults`, `make faults`)."""
