"""Steps for other data pipelines, each behind its own extra.

- :mod:`dedup.integrations.datatrove`: a datatrove ``PipelineStep``
  (``pip install '.[datatrove]'``).
"""
