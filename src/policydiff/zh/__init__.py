"""The vocabulary of Chinese legal drafting (:mod:`.lexicon`)."""
