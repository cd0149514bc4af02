"""google.protobuf.Value <-> plain Python (integral numbers come back as ints)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from google.protobuf import struct_pb2


def from_value(value: struct_pb2.Value) -> Any:
    """A Value as plain Python: None, bool, int (when integral), float, str, list or dict."""
    kind = value.WhichOneof("kind")
    if kind == "number_value":
        number = value.number_value
        return int(number) if math.isfinite(number) and number.is_integer() else number
    if kind == "string_value":
        return value.string_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [from_value(v) for v in value.list_value.values]
    if kind == "struct_value":
        return {k: from_value(v) for k, v in value.struct_value.fields.items()}
    return None


def from_value_map(values: Mapping[str, struct_pb2.Value]) -> dict[str, Any]:
    """A ``map<string, Value>`` as a plain dict."""
    return {key: from_value(value) for key, value in values.items()}


def to_value(obj: Any) -> struct_pb2.Value:
    """Plain Python (dates as ISO strings, decimals as numbers) as a Value."""
    value = struct_pb2.Value()
    if obj is None:
        value.null_value = struct_pb2.NULL_VALUE
    elif isinstance(obj, bool):
        value.bool_value = obj
    elif isinstance(obj, (int, float, Decimal)):
        value.number_value = float(obj)
    elif isinstance(obj, str):
        value.string_value = obj
    elif isinstance(obj, date):
        value.string_value = obj.isoformat()
    elif isinstance(obj, Mapping):
        value.struct_value.SetInParent()
        for k, v in obj.items():
            value.struct_value.fields[str(k)].CopyFrom(to_value(v))
    elif isinstance(obj, (list, tuple, set)):
        value.list_value.SetInParent()
        value.list_value.values.extend(to_value(v) for v in obj)
    else:
        value.string_value = str(obj)
    return value


def to_struct(obj: Mapping[str, Any]) -> struct_pb2.Struct:
    """A dict as a Struct."""
    struct = struct_pb2.Struct()
    for key, item in obj.items():
        struct.fields[str(key)].CopyFrom(to_value(item))
    return struct
