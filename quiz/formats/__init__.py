"""Question interchange with learning platforms: GIFT and Aiken in, GIFT out.

Pure text work: parsers return plain question dicts in the bank format, ``bankfile`` writes
and validates the bank TOML. Nothing here imports textual, sqlite or the network.
"""
