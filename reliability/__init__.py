"""Reliability harness: edit sequences, kill points and hostile inputs (see run.py)."""
