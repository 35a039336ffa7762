"""CallPath's desktop app (PySide6). The guided wizard arrives with the GUI issue; for now
this package holds the ``callpath`` entry point."""
