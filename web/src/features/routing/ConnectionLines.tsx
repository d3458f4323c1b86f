import { useLayoutEffect, useState } from "react";
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

interface Drawing {
  lines: Drawn[];
  width: number;
  height: number;
}

const EMPTY: Drawing = { lines: [], width: 0, height: 0 };

function sameDrawing(a: Drawing, b: Drawing): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.lines.length === b.lines.length &&
    a.lines.every((l, i) => l.d === b.lines[i]?.d && l.routeId === b.lines[i].routeId && l.active === b.lines[i].active)
  );
}

function measure(container: HTMLElement, links: readonly Link[]): Drawing {
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
 * (`container`, handed over by a callback ref: a parent's ref object is
 * still empty when its children's effects first run), measured again after
 * every render of the board (a card may have moved) and whenever the
 * board, a card or the window changes size. None when the columns are
 * stacked (narrow screens).
 */
export function ConnectionLines({ container, links }: { container: HTMLElement | null; links: readonly Link[] }) {
  const [drawn, setDrawnState] = useState<Drawing>(EMPTY);
  const signature = links.map((l) => `${l.routeId}:${l.from}:${l.to}:${String(l.active)}`).join("|");
  // Only a real change re-renders, so measuring after each render cannot loop.
  const setDrawn = (next: Drawing) => setDrawnState((current) => (sameDrawing(current, next) ? current : next));

  useLayoutEffect(() => {
    // Measuring the DOM after a render is what a layout effect is for; setDrawn ignores an unchanged drawing.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (container) setDrawn(measure(container, links));
  });

  useLayoutEffect(() => {
    if (!container) return;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setDrawn(measure(container, links)));
    };
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
  }, [container, signature]);

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
