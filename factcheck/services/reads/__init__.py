"""Read models: the desk's lists, the public pages, search, reports, history, clusters and suggestions. Nothing here writes."""
