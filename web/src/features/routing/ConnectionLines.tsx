import { useLayoutEffect, useState, type RefObject } from "react";
import { cn } from "@/lib/utils";
import { connectorPath, relativeBox, type Connector } from "./geometry";

export interface Link {
  routeId: string;
  /** `data-anchor` of the number's card and of the route's card. */
  from: string;
  to: string;
  active: boolean;
}

interface Drawn extends Connector {
  routeId: string;
  active: boolean;
}

function anchor(container: HTMLElement, name: string): HTMLElement | null {
  return container.querySelector<HTMLElement>(`[data-anchor="${CSS.escape(name)}"]`);
}

function measure(container: HTMLElement, links: readonly Link[]): { lines: Drawn[]; width: number; height: number } {
  const box = container.getBoundingClientRect();
  const scroll = { left: container.scrollLeft, top: container.scrollTop };
  const lines: Drawn[] = [];
  for (const link of links) {
    const from = anchor(container, link.from);
    const to = anchor(container, link.to);
    if (!from || !to) continue;
    const path = connectorPath(relativeBox(from.getBoundingClientRect(), box, scroll), relativeBox(to.getBoundingClientRect(), box, scroll));
    if (path) lines.push({ ...path, routeId: link.routeId, active: link.active });
  }
  return { lines, width: container.scrollWidth, height: container.scrollHeight };
}

/**
 * The lines between each routed number and its route, drawn over the board
 * (`containerRef`), measured again whenever the board, a card or the window
 * changes size. None when the columns are stacked (narrow screens).
 */
export function ConnectionLines({ containerRef, links }: { containerRef: RefObject<HTMLElement | null>; links: readonly Link[] }) {
  const [drawn, setDrawn] = useState<{ lines: Drawn[]; width: number; height: number }>({ lines: [], width: 0, height: 0 });
  const signature = links.map((l) => `${l.routeId}:${l.from}:${l.to}:${String(l.active)}`).join("|");

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setDrawn(measure(container, links)));
    };
    setDrawn(measure(container, links));
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(update);
    observer?.observe(container);
    container.querySelectorAll("[data-anchor]").forEach((el) => observer?.observe(el));
    window.addEventListener("resize", update);
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
      window.removeEventListener("resize", update);
    };
    // `signature` stands for `links`: a new array with the same lines needs no new observers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [containerRef, signature]);

  if (drawn.lines.length === 0) return null;
  return (
    <svg
      aria-hidden="true"
      data-testid="connection-lines"
      className="pointer-events-none absolute left-0 top-0 overflow-visible"
      width={drawn.width}
      height={drawn.height}
    >
      {drawn.lines.map((line) => (
        <g key={line.routeId} data-testid="connection" data-route-id={line.routeId} data-active={String(line.active)}>
          <path d={line.d} fill="none" strokeWidth={6} className={line.active ? "stroke-accent/10" : "stroke-transparent"} />
          <path
            d={line.d}
            fill="none"
            strokeWidth={2}
            strokeLinecap="round"
            strokeDasharray={line.active ? "6 6" : "3 6"}
            className={cn(line.active ? "animate-flow stroke-accent" : "stroke-fg-subtle/70")}
          />
          <circle cx={line.x1} cy={line.y1} r={4} className={line.active ? "fill-accent" : "fill-fg-subtle"} />
          <circle cx={line.x2} cy={line.y2} r={4} className={line.active ? "fill-accent-purple" : "fill-fg-subtle"} />
        </g>
      ))}
    </svg>
  );
}
