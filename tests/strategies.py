"""Hypothesis strategies: small pages made of repeats, variants and noise."""

from __future__ import annotations

from hypothesis import strategies as st

SENTENCES = [
    "Russia said Thursday it was ready to discuss a ceasefire in Syria.",
    "Tens of thousands of Syrians have fled to the Turkish border.",
    "The first round of talks in Geneva collapsed earlier this month.",
    "Kerry was due to meet Thursday with the main opposition representative.",
    "Analysts see little hope of reconciling the fundamental differences.",
    "More than 260,000 people have been killed since 2011.",
    "The US has given up the idea of toppling Assad, said Grand.",
    "Available in red.",
    "Available in blue.",
    "Portion Fix Containers: 1 Green, 1 Purple, 1 Blue",
    "Portion Fix Containers: 1 Green, 2 Purple, 1 Blue",
    "Temperatures fell to -5 degrees overnight in Aleppo.",
    "Temperatures fell to 5 degrees overnight in Aleppo.",
    "Tickets cost $50 at the door, or €45 online.",
    "Five years of experience with C++ programming → required 👍",
    "राम ने कहा कि वह कल सुबह गाँव के स्कूल में पढ़ाने जाएगा।",
]
LABELS = ["World", "Share", "AFP", "Loaui Beshara, AFP", "Read more", "1", "-", "}", "[...]"]
CODE = ["return x;", "if (a == b) {", "}", "console.log(res.bodyUsed); // false"]
# Lines whose indentation may carry structure, depending on the line before.
INDENTED = [
    "def total(prices):",
    "    return x;",
    "  - nested item",
    "\tif (a == b) {",
    "key:",
    " x",
]
VARIANTS = [
    lambda s: s,
    lambda s: s.replace("'", "\u2019").replace('"', "\u201c"),
    lambda s: s.upper(),
    lambda s: s.replace("the ", "", 1),
    lambda s: s.replace(",", " ,"),
    lambda s: s.replace("000", " 000"),
    lambda s: s.replace("-", "\u2013"),
    # Escaped again and again, as some feeds do: decoding must reach a fixed point.
    lambda s: s.replace(",", "&amp;amp;amp;amp;amp;#44;"),
]


@st.composite
def blocks(draw: st.DrawFn) -> str:
    """Draw one line of a page: a sentence, a paragraph, a cut copy, a label, code or noise."""
    kind = draw(st.sampled_from(["sentence", "paragraph", "cut", "label", "code", "noise"]))
    if kind == "sentence":
        sentence = draw(st.sampled_from(SENTENCES))
        return str(draw(st.sampled_from(VARIANTS))(sentence))
    if kind == "paragraph":
        parts = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4))
        return " ".join(parts)
    if kind == "cut":
        parts = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
        text = " ".join(parts)
        cut = draw(st.integers(min_value=5, max_value=len(text)))
        marker = draw(st.sampled_from(["...", "\u2026", " [...]", " Read more"]))
        head = draw(st.sampled_from(["", "...", "\u2026"]))
        start = draw(st.integers(min_value=0, max_value=10)) if head else 0
        return head + text[start:cut] + marker
    if kind == "label":
        return str(draw(st.sampled_from(LABELS)))
    if kind == "code":
        return str(draw(st.sampled_from(CODE + INDENTED)))
    return str(draw(st.text(max_size=30)))


@st.composite
def pages(draw: st.DrawFn, max_blocks: int = 24) -> str:
    """Build a page: blocks separated by one or two line breaks of any kind."""
    lines = draw(st.lists(blocks(), max_size=max_blocks))
    out: list[str] = []
    for line in lines:
        out.append(line)
        out.append(draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"])))
    return "".join(out)
