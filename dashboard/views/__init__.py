"""The dashboard's pages: Streamlit scripts that ``dashboard/app.py`` runs through ``st.navigation``.

The folder is not called ``pages/`` on purpose: Streamlit would also serve a ``pages/`` folder
as old-style pages of its own, so a link straight to a page would skip the app's navigation.
They are run by Streamlit, never imported.
"""
