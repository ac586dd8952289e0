"""Jiangxin test suite."""
