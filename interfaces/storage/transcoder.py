"""The event store's transcoder, on orjson: the library's JSON format (the same
``{"_type_", "_data_"}`` markers for the registered transcodings, so the events stored by
either read back with either), encoded and parsed in C.

Chosen through the library's public TRANSCODER_TOPIC. orjson writes datetimes and dataclasses
through the registered transcodings (passed through to ``default``), but a UUID as a plain
string: no event of ours carries one (the mapper stores the aggregate's id apart).
"""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_NON_STR_KEYS
)


class OrjsonTranscoder(JSONTranscoder):
    """JSONTranscoder's format, with orjson doing the encoding and the parsing."""

    def encode(self, obj: Any) -> bytes:
        """Encode ``obj``, types without a JSON form through their registered transcoding."""
        return orjson.dumps(obj, default=self._marked, option=OPTIONS)

    def decode(self, data: bytes) -> Any:
        """Parse ``data`` and revive the marked values, innermost first."""
        value = orjson.loads(data)
        return self._revive(value) if type(value) is dict or type(value) is list else value

    def _marked(self, obj: Any) -> dict[str, Any]:
        transcoding = self.types.get(type(obj))
        if transcoding is None:
            raise TranscodingNotRegisteredError(
                f"Object of type {type(obj)} is not serializable: register a transcoding for it"
            )
        return {"_type_": transcoding.name, "_data_": transcoding.encode(obj)}

    def _revive(self, value: Any) -> Any:
        # In place: the parsed value is ours, and most of it is plain values left as they are.
        if type(value) is list:
            for i, item in enumerate(value):
                if type(item) is dict or type(item) is list:
                    value[i] = self._revive(item)
            return value
        for key, item in value.items():
            if type(item) is dict or type(item) is list:
                value[key] = self._revive(item)
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            transcoding = self.names.get(value["_type_"])
            if transcoding is None:
                raise TranscodingNotRegisteredError(f"no transcoding {value['_type_']!r}")
            return transcoding.decode(value["_data_"])
        return value
