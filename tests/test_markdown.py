"""Markdown stays Markdown: tables, fences, headings and markers survive cleaning.

Pages are parsed with markdown-it-py before and after ``clean()``: the output
has the same tables (with their header rows), the same fenced blocks and the
same headings as the input, less the repeated blocks.
"""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt

import dedup

PARAGRAPH = "Tens of thousands of Syrians have fled to the Turkish border this week."
CAPTION = "Refugees wait at the Oncupinar crossing near Kilis, Turkey."

TWO_TABLES = f"""# Medal table

{PARAGRAPH}

## Results 2023

| Country | Gold | Silver | Bronze |
|---|---|---|---|
| Germany | 5 | 1 | 0 |
| Kenya | 2 | 2 | 4 |

## Results 2024

| Country | Gold | Silver | Bronze |
|:--|--:|--:|--:|
| France | 2 | 3 | 1 |
| Japan | 7 | 0 | 2 |

{PARAGRAPH}
"""

TWO_FENCES = f"""## Install

{CAPTION}
{CAPTION}

```python
import dedup
print(dedup.clean(page))
```

- first step of the list, written out in full
- second step of the list, written out in full

> A block quote that says something only once on this page.

```python
import dedup
print(dedup.analyze(page).summary())
```

~~~
plain fence
~~~
"""

PAGES = {"two tables sharing a header": TWO_TABLES, "fences and lists": TWO_FENCES}


def _structure(text: str) -> dict[str, Any]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headers: list[list[str]] = []
    in_head = False
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
            headers.append([])
        elif token.type == "thead_close":
            in_head = False
        elif in_head and token.type == "inline":
            headers[-1].append(token.content)
    return {
        "tables": headers,
        "fences": [token.info for token in tokens if token.type == "fence"],
        "headings": [token.tag for token in tokens if token.type == "heading_open"],
        "lists": sum(token.type == "bullet_list_open" for token in tokens),
        "quotes": sum(token.type == "blockquote_open" for token in tokens),
    }


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_markdown_structure_survives(page: str) -> None:
    """Tables keep their header rows, fences stay balanced, headings keep their levels."""
    cleaned = dedup.clean(page)
    assert cleaned != dedup.normalize(page).strip() + "\n"  # a repeat did go
    assert _structure(cleaned) == _structure(page)


def test_a_shared_table_header_stays_with_each_table() -> None:
    """The second table's header and delimiter rows are not removed as repeats."""
    result = dedup.analyze(TWO_TABLES)
    removed = {block.normalized for block in result.removed}
    assert "| Country | Gold | Silver | Bronze |" not in removed
    assert removed == {PARAGRAPH}
