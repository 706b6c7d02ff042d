"""Templating a document: what templates see (views), the Jinja environment, the page, card sheets, QR codes."""
