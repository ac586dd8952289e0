"""Benchmarks: corpus generation and measurements reported in the README."""
