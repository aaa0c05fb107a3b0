"""The agreement model: pure data and rules of shape, no I/O.

This package imports nothing of bargain but :mod:`bargain.errors`, and no SQL, template, YAML or
file library (a unit test checks it). Its public names are re-exported by :mod:`bargain`; import
them from there. This ``__init__`` stays empty so that importing one module does not import all.
"""
