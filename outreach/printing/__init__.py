"""Printing: what the people who print and post the materials are handed, made from the rendered documents.

Every build puts in `OUT/print/`: a bundle per location (everything it needs,
in posting order), a bundle per region, `reprint.pdf` (only the documents that
changed on paper since the previous build), and a run sheet per region for the
people who post. Bundles are the rendered PDFs put together with pikepdf,
never rendered again; run sheets are templated and rendered once per region.
What `copies` means for each of them is said once, in outreach.kit.jobs.
"""
