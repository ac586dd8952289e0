"""The bottom layer: record types, field labels, organisations, text normalisation, office conversion.

It imports nothing else of the project; everything else may import it.
"""
