"""The book tests use the fixtures of tests/conftest.py (built HTML, server, Chromium)."""
