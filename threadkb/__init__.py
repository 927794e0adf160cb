"""threadkb: Web PKI incident discussions in, a knowledge base out.

The stages, each a function from dataclasses (``threadkb.models``) to dataclasses:
``ingest`` -> ``parse`` -> ``extract`` -> ``link``; then ``kb`` (store, query), ``report``, ``export``.
"""
__version__ = "0.1.0"
