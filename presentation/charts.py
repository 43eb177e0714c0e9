"""Pictures for the report: matplotlib (Agg, no pyplot state) drawn to PNG, Chinese in Noto Sans CJK SC.

The font ships with the `mplfonts` package from PyPI (its NotoSansCJKsc-Regular.otf,
SIL Open Font License); it is registered with matplotlib's font_manager on
first use, nothing is downloaded and matplotlib's configuration is left
alone. Each chart function returns PNG bytes; `data_uri` makes them
embeddable. Charts never take more than a reader can see: the busiest rows
and columns, the rest counted in the title.
"""
from __future__ import annotations

import base64
import io
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["cjk_font_path", "font_name", "data_uri", "heatmap", "network", "region_map"]

FONT_PACKAGE = "mplfonts"
FONT_FILE = "NotoSansCJKsc-Regular.otf"
_KIND_COLOURS = {"unit": "#d9822b", "topic": "#2b6cb0"}


def cjk_font_path() -> Path:
    """The Simplified-Chinese font file (found without importing the package, which would touch matplotlib rc)."""
    import importlib.util

    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {FONT_PACKAGE} package (Noto Sans CJK SC for Chinese chart labels) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE
    if not path.exists():
        raise RuntimeError(f"{path} is missing: reinstall {FONT_PACKAGE}")
    return path


@lru_cache(maxsize=1)
def font_name() -> str:
    """Register the font with matplotlib once per process and return its family name."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _rc() -> Any:  # matplotlib types rc keys as a Literal of every rcParam
    return {"font.family": "sans-serif", "font.sans-serif": [font_name(), "DejaVu Sans"], "axes.unicode_minus": False,
            "font.size": 9}


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def heatmap(rows: list[str], columns: list[str], counts: list[list[int]], title: str = "") -> bytes:
    """A rows × columns matrix of counts, each cell labelled with its count."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(max(6.0, 0.42 * len(columns) + 2.5), max(2.5, 0.34 * len(rows) + 1.8)))
        ax = fig.add_subplot()
        peak = max((v for row in counts for v in row), default=0) or 1
        image = ax.imshow(counts, cmap="YlOrRd", aspect="auto", vmin=0, vmax=peak)
        ax.set_xticks(range(len(columns)), labels=columns, rotation=55, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(len(rows)), labels=rows)
        for i, row in enumerate(counts):
            for j, v in enumerate(row):
                if v:
                    ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                            color="white" if v > 0.6 * peak else "#333333")
        ax.set_title(title)
        fig.colorbar(image, ax=ax, shrink=0.8, label="任务数")
        return _png(fig)


def network(graph: Any, title: str = "", max_units: int = 14, max_topics: int = 18) -> bytes:
    """The unit–topic graph: units (orange) and topics (blue) sized by tasks, edges by weight."""
    import matplotlib
    import networkx as nx
    from matplotlib.figure import Figure

    def strength(n: Any) -> float:
        return graph.degree(n, weight="weight")

    units = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "unit"), key=strength, reverse=True)[:max_units]
    topics = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "topic"), key=strength, reverse=True)[:max_topics]
    g = graph.subgraph(units + topics).copy()
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(9.5, 7.0))
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(title)
        if g.number_of_nodes():
            pos = nx.spring_layout(g, weight="weight", seed=7, k=2.4 / math.sqrt(g.number_of_nodes()), iterations=300)
            peak_w = max((d["weight"] for *_, d in g.edges(data=True)), default=1)
            peak_s = max(strength(n) for n in g) or 1
            nx.draw_networkx_edges(g, pos, ax=ax, width=[0.4 + 4.0 * d["weight"] / peak_w for *_, d in g.edges(data=True)],
                                   edge_color="#9aa5b1", alpha=0.55)
            for kind in ("topic", "unit"):
                nodes = [n for n in g if g.nodes[n]["kind"] == kind]
                nx.draw_networkx_nodes(g, pos, nodelist=nodes, ax=ax, node_color=_KIND_COLOURS[kind], alpha=0.85,
                                       node_size=[120 + 1400 * strength(n) / peak_s for n in nodes], linewidths=0)
            for n, (x, y) in pos.items():
                ax.text(x, y, g.nodes[n]["label"], fontsize=8 if g.nodes[n]["kind"] == "topic" else 9,
                        fontweight="normal",
                        ha="center", va="center", color="#1a202c",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.6})
            ax.scatter([], [], c=_KIND_COLOURS["unit"], label="科室职能 (unit function)")
            ax.scatter([], [], c=_KIND_COLOURS["topic"], label="主题 (topic)")
            ax.legend(loc="lower left", frameon=False)
        return _png(fig)


def region_map(points: list[dict[str, Any]], title: str = "", max_labels: int = 25,
               province_tasks: dict[str, int] | None = None) -> bytes:
    """Plans' regions at their coordinates, sized by tasks, over the province outlines filled by how many
    tasks each province's plans hold (a choropleth), with every county seat of GB/T 2260 as grey dots;
    the max_labels busiest are named.

    points: {name, longitude, latitude, tasks, plans}; province_tasks: province adcode (340000) → tasks.
    """
    import matplotlib
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    from zwgk.ingest.regions import load_index
    from zwgk.presentation.provinces import outlines

    points = [p for p in points if p.get("longitude") is not None and p.get("latitude") is not None]
    backdrop = [(r.longitude, r.latitude) for r in load_index().regions.values()
                if r.longitude is not None and r.latitude is not None]
    if points:
        xs, ys = [p["longitude"] for p in points], [p["latitude"] for p in points]
        pad = 2.5
        x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
        if x1 - x0 < 10:
            mid = (x0 + x1) / 2
            x0, x1 = mid - 5, mid + 5
        if y1 - y0 < 7:
            mid = (y0 + y1) / 2
            y0, y1 = mid - 3.5, mid + 3.5
    else:
        x0, x1, y0, y1 = 73, 135, 18, 54
    stretch = math.cos(math.radians((y0 + y1) / 2))
    if (x1 - x0) * stretch < 1.35 * (y1 - y0):  # a landscape frame, so labels have room
        mid, half = (x0 + x1) / 2, 1.35 * (y1 - y0) / stretch / 2
        x0, x1 = mid - half, mid + half
    with matplotlib.rc_context(_rc()):
        width = 9.0
        fig = Figure(figsize=(width, width * (y1 - y0) / ((x1 - x0) * stretch) + 0.8))
        ax = fig.add_subplot()
        counts = province_tasks or {}
        peak_province = max(counts.values(), default=0) or 1
        shade = Normalize(0, peak_province)
        ramp = matplotlib.colormaps["YlOrRd"]
        rings, fills = [], []
        for province in outlines():
            n = counts.get(province.adcode, 0)
            for ring in province.rings:
                rings.append(ring)
                fills.append(ramp(0.08 + 0.72 * shade(n)) if n else "none")  # county dots show through
        ax.add_collection(PolyCollection(rings, facecolors=fills, edgecolors="#8795a1", linewidths=0.5, zorder=1))
        if counts:
            bar = fig.colorbar(ScalarMappable(Normalize(0, peak_province), matplotlib.colors.ListedColormap(
                [ramp(0.08 + 0.72 * i / 255) for i in range(256)])), ax=ax, shrink=0.6, pad=0.02)
            bar.set_label("省内计划的任务数")
        bx = [(x, y) for x, y in backdrop if x0 <= x <= x1 and y0 <= y <= y1]
        ax.scatter([x for x, _ in bx], [y for _, y in bx], s=2, c="#cbd2d9", linewidths=0, label="县级行政区 (GB/T 2260)",
                   zorder=0.5)
        if points:
            peak = max(p["tasks"] for p in points) or 1
            ax.scatter(xs, ys, s=[40 + 400 * p["tasks"] / peak for p in points], c="#1f4e9c", alpha=0.8,
                       edgecolors="white", linewidths=0.8, label="计划所在地区 (plans)", zorder=3)
            for p in sorted(points, key=lambda p: -p["tasks"])[:max_labels]:
                ax.annotate(f"{p['name']}（{p['plans']}份·{p['tasks']}项）", (p["longitude"], p["latitude"]),
                            xytext=(6, 5), textcoords="offset points", fontsize=8, zorder=4,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / stretch)
        ax.set_xlabel("经度 (°E)")
        ax.set_ylabel("纬度 (°N)")
        ax.set_title(title)
        ax.legend(loc="lower right", fontsize=8, frameon=True)
        ax.grid(True, color="#edf0f2", linewidth=0.5)
        return _png(fig)
