"""Helpers the subpackages share: atomic files, docstring substitution, torch set-up, label checks.

Its modules are private (``_name.py``); the names they define are public to the package.
"""
