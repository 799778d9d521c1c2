# The conflict map as one Streamlit replica, for deploy/compose.yaml (N of these behind nginx, PostGIS beside them).
# Written and linted here, NOT built: the machine this was made on has no container daemon (see deploy/README.md).
#
#   docker build -t conflictmap .
#   docker run -p 8501:8501 conflictmap            # one replica on the shipped data (files, no database)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin conflictmap
WORKDIR /app

# the pinned requirements first, so a code change does not reinstall them; wheels only, as scripts/setup.sh does
COPY requirements.txt ./
RUN pip install --only-binary=:all: -r requirements.txt

COPY . .
# Leaflet & co. are copied into static/vendor at build time; static/data (content-hashed GeoJSON the app writes)
# is the only place the app writes at run time, so only static/ belongs to the app's user
RUN python -c "from conflictmap import assets; assets.ensure_vendor_assets()" \
    && mkdir -p static/data \
    && chown -R conflictmap:conflictmap static

USER conflictmap
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).read() != b'ok')"]
# the README's run command, listening on the container's network (nginx is in front of it)
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port", "8501", "--server.address", "0.0.0.0", \
     "--server.headless", "true", "--browser.gatherUsageStats", "false"]
