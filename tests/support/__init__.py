"""What the tests share and are not tests themselves: workspaces, makers of bad and hostile files, the
small hand-built records of the rule tests, the web pages' year and the golden documents."""
