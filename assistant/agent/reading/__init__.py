"""Reading questions into typed frames (``Frame``): detectors for each field, follow-ups, multi-part."""

from assistant.agent.reading.frame import Claim, Frame
from assistant.agent.reading.reader import Reader

__all__ = ["Claim", "Frame", "Reader"]
