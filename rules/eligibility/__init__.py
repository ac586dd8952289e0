"""The 形式审查 rules, one file per rule (or small family): each declares its `Rule` next to its predicate."""
