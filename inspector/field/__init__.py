"""What the inspector's laptop records: checklists, inspections, answers, photos, the runner's session, history.

Used by the laptop's screens, exchange, oversight and the demo.
"""
