"""HTML to checked PDF: WeasyPrint, shrink-to-fit, QR verification, glyph coverage, measuring, the workers."""
