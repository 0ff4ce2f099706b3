"""Map consultations as GeoJSON: one submission per feature with a comment property."""

from __future__ import annotations

import json
import math
from typing import Any

from pipeline.ingest.connectors import CONNECTORS
from pipeline.ingest.connectors.records import ObjectMapper
from pipeline.ingest.context import FileInfo, IngestContext
from pipeline.ingest.textio import NotTextError, check_text, decode_bytes


def _coords(values: Any) -> list[tuple[float, float]]:
    """Every (lon, lat) pair in a GeoJSON coordinates array, however nested."""
    if (
        isinstance(values, list | tuple)
        and len(values) >= 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values[:2])
    ):
        return [(float(values[0]), float(values[1]))]
    out: list[tuple[float, float]] = []
    if isinstance(values, list | tuple):
        for item in values:
            out.extend(_coords(item))
    return out


def point_of(geometry: Any) -> tuple[float | None, float | None, str | None]:
    """Return (lon, lat, geometry type): the point itself, or the mean of a shape's vertices."""
    if not isinstance(geometry, dict):
        return None, None, None
    kind = geometry.get("type")
    pairs = _coords(geometry.get("coordinates"))
    pairs = [(x, y) for x, y in pairs if math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90]
    if not pairs:
        return None, None, kind if isinstance(kind, str) else None
    lon = sum(p[0] for p in pairs) / len(pairs)
    lat = sum(p[1] for p in pairs) / len(pairs)
    return lon, lat, kind if isinstance(kind, str) else None


def _features(doc: Any) -> list[Any] | None:
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list):
        return doc["features"]
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return [doc]
    if isinstance(doc, list) and all(isinstance(f, dict) and f.get("type") == "Feature" for f in doc):
        return doc
    return None


@CONNECTORS.register("map.geojson.v1")
def map_geojson(ctx: IngestContext, info: FileInfo) -> None:
    """Features with a comment property; points keep lon/lat, shapes their mean vertex."""
    text = decode_bytes(info.read_bytes())
    try:
        check_text(text[:50_000])
        doc = json.loads(text)
    except NotTextError as exc:
        ctx.reject(info, "fil", f"inte en textfil: {exc}")
        return
    except json.JSONDecodeError:
        ctx.reject(info, "fil", "ogiltig GeoJSON (filen är trasig, avkortad eller tom)")
        return
    features = _features(doc)
    if features is None:
        ctx.reject(info, "fil", "GeoJSON-filen saknar en FeatureCollection med features")
        return
    keyed = [_keyed(f) for f in features]
    try:
        mapper = ObjectMapper([k for k in keyed if k is not None], prefix="map", text_column=ctx.text_column)
    except KeyError:
        ctx.reject(info, "fil", f"egenskapen {ctx.text_column!r} finns inte på något objekt")
        return
    if not mapper.has_text:
        ctx.reject(info, "fil", "objekten saknar en kommentar (t.ex. kommentar, synpunkt, text); ange --text-column")
        return
    for number, (feature, props) in enumerate(zip(features, keyed, strict=True), 1):
        position = f"objekt {number}"
        if props is None:
            raw = json.dumps(feature, ensure_ascii=False).encode() if isinstance(feature, dict) else b""
            ctx.reject(info, position, "objektet är inte en GeoJSON-Feature med egenskaper", data=raw)
            continue
        lon, lat, kind = point_of(feature.get("geometry"))
        record = mapper.record(props)
        extra = {"geometry_type": kind} if kind and kind != "Point" else None
        record.update(
            channel="map",
            source=info.name,
            source_ref=position,
            lon=lon,
            lat=lat,
            extra=json.dumps(extra) if extra else None,
        )
        ctx.add_record(record)


def _keyed(feature: Any) -> dict[str, Any] | None:
    """A feature's properties plus its id and geometry (which make its source key)."""
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return None
    keyed = dict(feature["properties"])
    if feature.get("id") is not None and "id" not in keyed:
        keyed["id"] = feature["id"]
    geometry = feature.get("geometry")
    keyed["__geometry"] = geometry.get("coordinates") if isinstance(geometry, dict) else None
    return keyed
