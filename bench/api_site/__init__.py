"""The site bench/api.py serves: the product plus one bench-only view."""
