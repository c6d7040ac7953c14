"""Speed benchmark: `python bench/run.py` (see the README's "Speed" section)."""
