"""Checks that keep the bundled corpus honest: report figures against the data tables, and the tables'
stated ratios against amount ÷ count."""
