"""rupture graph: draw the patient's state diagram (.svg/.png/.pdf with Graphviz; .dot and .mmd without)."""

from __future__ import annotations

import sys

from ..authoring.graph import GraphError, write
from ..authoring.reach import analyse
from .common import guarded, load_patient

ORDER = 46


def register(sub) -> None:
    p = sub.add_parser("graph", help="draw the state diagram of a profile",
                       description="Draw the patient's state diagram with the transitions library's graph support: "
                       "beats and endings filled by clinical kind, edges labelled with moves, conditions and meter "
                       "effects. The file's suffix picks the format: .svg, .png or .pdf need Graphviz's 'dot' "
                       "program; .dot and .mmd (Mermaid) do not.")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write: .svg .png .pdf .dot .mmd")
    p.add_argument("--route", choices=["expert", "dropout"],
                   help="draw a route in bold: the expert (shortest) route to resolution, or the shortest to dropout")
    p.set_defaults(func=run)


@guarded
def run(args) -> int:
    patient = load_patient(args.patient)
    reach = analyse(patient)
    dropout_sources = sorted({src[0] for src, _loc, dst in reach.edges
                              if isinstance(dst, tuple) and dst[0] == "end" and dst[2] == "rule"})
    route = None
    if args.route:
        from ..authoring.explore import explore

        found = explore(patient)
        route = found.resolution_route if args.route == "expert" else found.dropout_route
        if route is None:
            print(f"rupture: no {args.route} route was found, so none is highlighted (run 'rupture explore')",
                  file=sys.stderr)
    try:
        out = write(patient, args.output, route, dropout_sources)
    except GraphError as exc:
        print(f"rupture: {exc}", file=sys.stderr)
        return 1
    extra = f", {args.route} route ({len(route)} moves) in red" if route else ""
    print(f"wrote {out}{extra}")
    return 0
