"""``python -m policydiff``: the same as the ``policydiff`` command."""

from policydiff.cli import main

# Guarded: a worker started with spawn (policydiff.parallel, policydiff.site.pool) imports this
# module again, and must not run the command a second time.
if __name__ == "__main__":
    main()
