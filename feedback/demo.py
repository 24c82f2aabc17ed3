"""Demo data for the voice work (filled in below)."""
