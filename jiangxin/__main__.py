"""`python -m jiangxin` runs the command line."""

from jiangxin.cli import main

main()
