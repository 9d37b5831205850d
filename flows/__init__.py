"""Prefect flows over the pipeline: scheduled folder batches, exports, monitoring in the Prefect UI.

Importing this package applies the offline Prefect defaults before `prefect` itself is imported.
"""

from flows.settings import apply_offline_defaults

apply_offline_defaults()
