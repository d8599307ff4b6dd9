"""The HTTP API: ``create_app`` in :mod:`assistant.api.app`, ``serve`` in :mod:`assistant.api.server`."""
