"""Political events: the PLOVER ontology with CAMEO codes side by side, and the trigger lexicon (``ontology``)."""
