"""Building blocks of `tools/make_samples.py`: number/date notations, page drawing, layouts, scan simulation."""
