"""Open a filer straight from EDGAR: only its credit-note pages, fetched politely, into the library.

`into_library.py` (the whole fetch, for the app and the command line), `client.py` (polite
HTTP), `index.py` (EDGAR's indexes), `notes.py` (a filing's pages grouped into its notes),
`pick.py` (which pages, and why), `page_concepts.py` (a page's XBRL concepts, where its name
cannot decide), `fetch.py` (plan, then pages), `cli.py` and `command.py` (the `fetch` command).
Nothing here touches the network unless it is called, and importing the package loads nothing:
the HTTP stack loads with the module that needs it.
"""
