# Lyhörd as one container: `lyhord serve` owns the store under /app/data (a volume).
FROM python:3.11-slim-bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 libglib2.0-0 \
        fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 lyhord
WORKDIR /app
COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
COPY flows ./flows
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
    && pip install --no-cache-dir .
COPY models ./models
ENV LYHORD_DB=/app/data/lyhord.duckdb LYHORD_DATA_DIR=/app/data PREFECT_HOME=/app/data/prefect \
    PREFECT_SERVER_ANALYTICS_ENABLED=false PYTHONUNBUFFERED=1
USER lyhord
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:8000/health').status_code != 200)"
# Behind the city's reverse proxy: set LYHORD_WEB_TRUSTED_PROXIES to the proxy's address.
CMD ["lyhord", "serve", "--host", "0.0.0.0", "--port", "8000"]
STOPSIGNAL SIGTERM
