# CPU image of the Fintech Report Assistant, consistent with scripts/setup.sh:
# torch (CPU) first and pinned, then the package, then the index of the bundled corpus.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    ASSISTANT_DATA_DIR=/data \
    ASSISTANT_HOST=0.0.0.0

WORKDIR /app
# Pass a CPU-only wheel index with --build-arg PIP_INDEX_URL=... to keep the image small.
ARG PIP_INDEX_URL
RUN pip install --no-cache-dir torch==2.13.0

COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY index_tools ./index_tools
COPY corpus ./corpus
RUN pip install --no-cache-dir . && index-tools build

EXPOSE 8000
VOLUME ["/data"]
# Listening on 0.0.0.0 needs ASSISTANT_API_KEYS (or --insecure): set keys when you run the image.
CMD ["assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
