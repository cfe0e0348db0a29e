"""Stage 5, decide: which blocks stay, and what covers each removed one.

Blocks with the same key form a group; the first of each group is its
representative. The passes run from whole-line evidence to word-level
evidence, over representatives first:

1. near repeats: the same content words, differing only in function words,
   case, punctuation or spacing;
2. merged lines, which go when finer-grained kept lines tile them end to end;
3. truncated copies, matched to a complete block wherever it stands;
4. contained copies, which go when a longer kept line holds them as whole
   sentences;
5. the other members of each group: adjacent repeats, longer repeats, and
   labels or code lines only next to their twin or inside a repeated run.

A removal always names the block(s) that cover it. A last check follows every
chain of covers; if one does not end at kept blocks, the block is kept. The
passes then run again over the kept blocks until they remove nothing more, so
that cleaning the output changes nothing.
"""

from __future__ import annotations

from dedup.decide.decision import KEPT, Decision, Reason
from dedup.decide.rounds import candidate_pairs, decide, score

__all__ = ["KEPT", "Decision", "Reason", "candidate_pairs", "decide", "score"]
