"""Tests that drive the HTML pages through the Flask test client."""
