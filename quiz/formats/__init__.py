"""Question interchange with learning platforms: GIFT and Aiken in, GIFT out.

Pure text work: the parsers (``gift``, ``aiken``) return plain question dicts in the bank format,
and ``common`` checks and writes the bank TOML. Nothing here imports textual, sqlite or the
network.
"""
