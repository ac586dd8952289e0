"""`python -m jiangxin` runs the command line."""

from jiangxin.entry import main

main()
