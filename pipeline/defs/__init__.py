"""Everything Dagster: assets by stage, resources, the job, checks, schedule and sensor,
assembled in `definitions.py`. The work itself is done by the library modules of `pipeline`."""
