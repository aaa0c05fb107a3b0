"""The law as code: dated legal parameters, rules with citations, and ``validate``.

``bargain.law`` reads the domain and returns findings; it never writes, renders or stores.
"""
