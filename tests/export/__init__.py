"""PDF export tests: layouts, rendering and the export command line."""
