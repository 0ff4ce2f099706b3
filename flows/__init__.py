"""Prefect flows: thin wrappers that open the store, call a stage and log counts.

The settings Lyhörd runs Prefect with (no analytics, warnings only, a generous
start-up timeout for the local API) are applied by the entry points — ``lyhord``
and the service — through :func:`flows.runner.apply_prefect_environment`, not
on import.
"""
