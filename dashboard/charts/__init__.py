"""Charts: pure functions from analyst tables and facts to Plotly figures. No streamlit.

Every chart has a title saying what and whose, units on the axis ("RMB millions"), a hover
with the exact figure in whole units, its source and the filer's label, and a source footnote
fit for a slide. One palette serves the whole app (`style`); text and grid colours come from
the template so the Streamlit theme (light or dark) can restyle them, while series colours are
mid-tone so they read on both backgrounds. Figures in different currencies never share an
axis: each currency gets its own panel.

One module a chart family (`delinquency`, `allowance`, `guarantee`, `peers`); what they share:
`sources` (the facts a chart draws and its footnote), `layout` (title, notes, axes, panels),
`style` (palette and template), `words` (notes, date labels, data-label positions).
"""
