"""Live camera coaching: the Live page and its WebSocket (work in progress)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
