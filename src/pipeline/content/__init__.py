"""Finding and loading the site's pages."""
