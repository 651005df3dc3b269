"""Terminology glossaries (termbases): the model, its readers, and finding terms in text.

:mod:`~pipeline.glossary.model` holds the records, :mod:`~pipeline.glossary.match` finds
terms and their renderings in inline Markdown, :mod:`~pipeline.glossary.csv_format` and
:mod:`~pipeline.glossary.tbx_format` read the two file formats (text in, records out), and
:mod:`~pipeline.glossary.load` reads a glossary file from the disk. The ``glossary`` check
rule itself is :mod:`pipeline.checks.glossary`.
"""
