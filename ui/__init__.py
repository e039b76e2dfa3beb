"""The pygame front end and the `wargame` command line."""
