"""Benchmarks for pagededup: quality and speed of ``clean()`` beside the alternatives.

The modules, in the order data flows through them::

    corpus -> generate -> systems -> metrics -> run -> report / plot
                                            \\-> gate

``report`` writes every Markdown table: ``latest.md``, ``site.md`` and the
by-language table.

``python -m benchmarks.run`` writes ``benchmarks/results/latest.{json,md}`` and
the plots; ``python -m benchmarks.gate`` checks the quality minimums pinned in
``benchmarks/gate_baseline.json``; ``python -m benchmarks.languages`` writes
the by-language table, ``benchmarks/results/languages.md``.
"""
