"""Semantic diff of two covenant versions: pairing by id, changes in the document's own terms."""
