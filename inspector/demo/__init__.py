"""The headless demo on the shipped data (the laptop's day and the office's work); used by the CLI and screenshots."""
