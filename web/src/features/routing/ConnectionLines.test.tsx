import { render, screen } from "@testing-library/react";
import { useState, type ReactNode } from "react";
import { ConnectionLines, type Link } from "./ConnectionLines";

/** Where each anchor is, as getBoundingClientRect will say (jsdom lays nothing out). */
const boxes = new Map<string, { left: number; top: number; width: number; height: number }>();

function rect(box: { left: number; top: number; width: number; height: number }): DOMRect {
  return { ...box, x: box.left, y: box.top, right: box.left + box.width, bottom: box.top + box.height, toJSON: () => box };
}

function Board({ links, children }: { links: Link[]; children: ReactNode }) {
  const [board, setBoard] = useState<HTMLDivElement | null>(null);
  return (
    <div ref={setBoard} data-box="board">
      {children}
      <ConnectionLines container={board} links={links} />
    </div>
  );
}

const links: Link[] = [{ routeId: "r1", from: "number:+15005550007", to: "route:r1", active: true }];
const cards = (
  <>
    <div data-anchor="number:+15005550007" data-box="number" />
    <div data-anchor="route:r1" data-box="route" />
  </>
);

describe("ConnectionLines", () => {
  beforeEach(() => {
    boxes.set("board", { left: 100, top: 50, width: 1000, height: 600 });
    boxes.set("number", { left: 100, top: 100, width: 300, height: 60 });
    boxes.set("route", { left: 500, top: 200, width: 400, height: 100 });
    vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
      return rect(boxes.get(this.dataset.box ?? "") ?? { left: 0, top: 0, width: 0, height: 0 });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("draws each link from its number's card to its route's card, in the board's coordinates", () => {
    render(<Board links={links}>{cards}</Board>);
    const line = screen.getByTestId("connection");
    expect(line).toHaveAttribute("data-route-id", "r1");
    expect(line.querySelectorAll("path")[1]).toHaveAttribute("d", "M 300 80 C 350 80, 350 200, 400 200");
  });

  it("measures again after a render in which a card moved without changing size", () => {
    const { rerender } = render(<Board links={links}>{cards}</Board>);
    boxes.set("route", { left: 500, top: 400, width: 400, height: 100 });
    rerender(<Board links={[...links]}>{cards}</Board>);
    expect(screen.getByTestId("connection").querySelectorAll("path")[1]).toHaveAttribute("d", "M 300 80 C 350 80, 350 400, 400 400");
  });

  it("draws nothing when a card of the link is not on the board", () => {
    render(<Board links={[{ ...links[0]!, to: "route:gone" }]}>{cards}</Board>);
    expect(screen.queryByTestId("connection-lines")).toBeNull();
  });
});
