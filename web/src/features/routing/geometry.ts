/**
 * Connection lines between a number's card (left column) and its route's
 * card (right column), in the coordinates of the box that holds both and
 * the SVG drawn over them.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Connector {
  /** SVG path: a horizontal S-curve from the right edge of `from` to the left edge of `to`. */
  d: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where `rect` sits inside `container` (both as the browser measures them; the container's scroll offset added). */
export function relativeBox(rect: Box, container: Box, scroll: { left: number; top: number } = { left: 0, top: 0 }): Box {
  return { left: rect.left - container.left + scroll.left, top: rect.top - container.top + scroll.top, width: rect.width, height: rect.height };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The line from the middle of `from`'s right edge to the middle of `to`'s
 * left edge, its two control points half-way across; `null` when `to` does
 * not start right of `from` (columns stacked on a narrow screen) or a box
 * has no size (hidden).
 */
export function connectorPath(from: Box, to: Box): Connector | null {
  if (from.width <= 0 || from.height <= 0 || to.width <= 0 || to.height <= 0) return null;
  const x1 = round(from.left + from.width);
  const y1 = round(from.top + from.height / 2);
  const x2 = round(to.left);
  const y2 = round(to.top + to.height / 2);
  if (x2 <= x1) return null;
  const mid = round((x1 + x2) / 2);
  return { d: `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`, x1, y1, x2, y2 };
}
