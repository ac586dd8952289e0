"""The bottom layer: record types and their JSON Schema, typed warnings, field labels, organisations, text
normalisation, office conversion.

It imports nothing else of the project; everything else may import it.
"""
