"""Lyhörd as one running service: the process that owns the store.

``lyhord serve`` runs the officials' web app, the form receiver, the nightly
schedule and analysts' runs in one process (DuckDB allows one writing process
per file; inside it every thread has its own cursor). CLI commands started in
another shell while the service runs are forwarded to it over a loopback admin
API authenticated by a token file (mode 0600), so no user ever sees "store busy".
The library never imports Prefect: the flow runner is passed in.
"""

from pipeline.service.runs import RunManager

__all__ = ["RunManager"]
