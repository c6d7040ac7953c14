"""After extraction: resolve (filers, scales, labels), consolidate and select one figure per fact,
recognise unnamed fragments, and cross-check the facts."""
