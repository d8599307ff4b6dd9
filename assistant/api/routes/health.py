"""``GET /healthz``: 200 when the index and chat engine are ready; 503 with the reason and the fix."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from assistant.api.deps import ServiceDep
from assistant.api.schemas import Health
from assistant.errors import ServiceUnavailableError

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=Health,
    responses={503: {"model": Health, "description": "Not ready: `detail` says why and how to fix it."}},
    summary="Readiness of the index and the chat engine",
)
async def healthz(request: Request, service: ServiceDep) -> Health | JSONResponse:
    rate_limits = request.app.state.rate_limiter.state()
    try:
        status = await run_in_threadpool(service.status)
    except ServiceUnavailableError as exc:
        return JSONResponse(Health(ok=False, detail=str(exc), rate_limits=rate_limits).model_dump(), status_code=503)
    health = Health.model_validate({**status, "rate_limits": rate_limits})
    return health if health.ok else JSONResponse(health.model_dump(), status_code=503)
