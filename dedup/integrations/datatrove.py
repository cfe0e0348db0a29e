"""A datatrove pipeline step that cleans each document's text (``pip install '.[datatrove]'``).

:class:`DedupCleaner` replaces ``doc.text`` with the cleaned text and writes
what was removed into ``doc.metadata`` (the stats ``dedup run --add-stats``
adds to a record). With a site profile from ``dedup fit`` it also removes
each site's boilerplate, the site read from ``doc.metadata[site_key]``.

::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from dedup.integrations.datatrove import DedupCleaner

    LocalPipelineExecutor(
        pipeline=[JsonlReader("crawl/"), DedupCleaner(), JsonlWriter("clean/")], tasks=8
    ).run()
"""

from __future__ import annotations

from collections.abc import Iterator

from dedup.analysis import Analysis
from dedup.config import CleanConfig
from dedup.corpus.profile import ProfileHook, analyze_page, load_hook
from dedup.corpus.records import page_stats
from dedup.extras import missing_extra

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
except ImportError as error:  # pragma: no cover - the extra is installed in CI
    raise missing_extra("datatrove", "dedup.integrations.datatrove") from error

__all__ = ["DedupCleaner"]


class DedupCleaner(PipelineStep):  # type: ignore[misc]  # datatrove ships no type information
    r"""Clean ``doc.text`` of every document; put the stats in ``doc.metadata[stats_key]``.

    ``profile`` is the path of a profile written by ``dedup fit``; each
    document's site is then its ``metadata[site_key]`` (a URL or site key).

    >>> from datatrove.data import Document
    >>> page = "A caption printed twice here\nA caption printed twice here\n"
    >>> [doc] = DedupCleaner().run([Document(text=page, id="1")])
    >>> doc.text, doc.metadata["dedup"]["removed_by_reason"]
    ('A caption printed twice here\n', {'adjacent': 1})
    """

    name = "dedup clean"
    type = "FORMAT"

    def __init__(
        self,
        *,
        config: CleanConfig | None = None,
        profile: str | None = None,
        site_key: str = "url",
        keep_first: bool = False,
        stats_key: str = "dedup",
    ) -> None:
        super().__init__()
        self.config = config or CleanConfig()
        # Checked now, in the process that builds the pipeline, not in each task.
        self.hook: ProfileHook | None = (
            load_hook(profile, keep_first=keep_first) if profile else None
        )
        self.site_key = site_key
        self.stats_key = stats_key

    def _analyze(self, document: Document) -> Analysis:
        where = document.metadata.get(self.site_key)
        result, _ = analyze_page(self.hook, where, document.text, self.config)
        return result

    def run(
        self,
        data: DocumentsPipeline,
        rank: int = 0,  # noqa: ARG002 - datatrove's step API
        world_size: int = 1,  # noqa: ARG002 - datatrove's step API
    ) -> Iterator[Document]:
        """Yield every document, cleaned, with its stats in its metadata."""
        for document in data:
            with self.track_time():
                result = self._analyze(document)
            document.metadata[self.stats_key] = page_stats(document.text, result)
            document.text = result.text
            self.stat_update("documents")
            self.stat_update("blocks_removed", value=len(result.removed))
            yield document
