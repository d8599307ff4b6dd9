# CPU image of the Fintech Report Assistant, consistent with scripts/setup.sh: torch (CPU) first and
# pinned, then the package (the bundled corpus and evaluation sets ship inside it), then the index of the
# bundled corpus, built into the image.
#
#   docker build -t fintech-report-assistant .
#   docker run -e ASSISTANT_API_KEYS=key1 -p 8000:8000 fintech-report-assistant
#
# tests/install/test_dockerfile.py runs these steps (all but FROM) in a clean venv and checks /healthz.
FROM python:3.11-slim

# PyTorch's CPU-only wheels: no CUDA libraries (a multi-GB download). Another index or mirror:
# docker build --build-arg TORCH_INDEX_URL=https://mirror.example/whl/cpu .
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ARG TORCH_VERSION=2.13.0

# The index lives in the image (ASSISTANT_CHROMA_PATH), outside the /data volume that keeps conversations,
# so a fresh or mounted volume never hides it.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    ASSISTANT_DATA_DIR=/data \
    ASSISTANT_CHROMA_PATH=/app/index \
    ASSISTANT_HOST=0.0.0.0

WORKDIR /app
RUN pip install --no-cache-dir --index-url "$TORCH_INDEX_URL" "torch==$TORCH_VERSION"

COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY index_tools ./index_tools
COPY corpus ./corpus
COPY tests/eval ./tests/eval
RUN pip install --no-cache-dir . && index-tools build && index-tools status

EXPOSE 8000
VOLUME ["/data"]
# Listening on 0.0.0.0 needs ASSISTANT_API_KEYS (or --insecure): set keys when you run the image.
# /healthz needs no key; /v1/* does.
CMD ["assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
