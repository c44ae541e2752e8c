"""Actor knowledge: countries, metonyms, organisations, role words and dated office holders."""
from dateline.actors.kb import KnowledgeBase, fold, load_kb, norm_key

__all__ = ["KnowledgeBase", "fold", "load_kb", "norm_key"]
