"""casegraph's Streamlit dashboard (``casegraph dashboard`` runs ``app.py``).

- ``app.py``: the multipage entry script; ``views/``: the pages Overview, Graph explorer, Review,
  Similar cases, Patterns, Add a review, Recommendations, Case-study pack.
- :mod:`dashboard.data`: reads from the configured store and the analytics, cached on the store's state.
- :mod:`dashboard.guards`: plain-words messages for problems the user can fix; the shared review picker.
- :mod:`graph.escaping`: makes document text inert in Markdown and HTML (the case-study pack's
  Markdown uses it too).
- :mod:`dashboard.network`: the offline pyvis drawing (``templates/network.html``).
- :mod:`dashboard.timeline`: the Review page's multi-agency timeline (charts and table).
"""
