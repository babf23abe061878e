"""Allow ``python -m convenantgen``."""

from convenantgen.cli import main

main()
