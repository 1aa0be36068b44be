"""Comparing versions: the provision diff (:mod:`.diff`), the word diff (:mod:`.textdiff`), its
output formats (:mod:`.formats`) and the notice that turns one version into another (:mod:`.draft`).
"""
