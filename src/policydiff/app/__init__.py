"""Use cases, the layer the command line calls: import (:mod:`.importing`, checked by
:mod:`.verify`), amend (:mod:`.amend`: parse a notice's file and apply it to a document of the
repository), check (:mod:`.check`, the checks in :mod:`.checks`) and scaffold a repository
(:mod:`.scaffold`).
"""
