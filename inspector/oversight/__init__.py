"""The office's work on problems: review, rectification, rechecks, rankings, document numbers, reports, issuing."""
