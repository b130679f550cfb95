"""Writes on a claim and what hangs off it: the claim, its verdict, evidence, links, workflow, review, anchors, hints, corrections, ratings."""
