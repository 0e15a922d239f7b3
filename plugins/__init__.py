"""The journal's Pelican plugins: one package each, domain code beside register()."""
