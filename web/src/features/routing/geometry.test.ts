import { connectorPath, relativeBox } from "./geometry";

describe("connectorPath", () => {
  it("runs from the middle of the left card's right edge to the middle of the right card's left edge, bending half-way", () => {
    const line = connectorPath({ left: 0, top: 100, width: 300, height: 60 }, { left: 400, top: 40, width: 500, height: 100 });
    expect(line).toEqual({ d: "M 300 130 C 350 130, 350 90, 400 90", x1: 300, y1: 130, x2: 400, y2: 90 });
  });

  it("is a straight horizontal S when both cards are level", () => {
    expect(connectorPath({ left: 10, top: 0, width: 90, height: 20 }, { left: 200, top: 0, width: 50, height: 20 })?.d).toBe("M 100 10 C 150 10, 150 10, 200 10");
  });

  it("draws nothing across stacked columns (the target is not to the right) or to a hidden card", () => {
    expect(connectorPath({ left: 0, top: 0, width: 375, height: 60 }, { left: 0, top: 400, width: 375, height: 100 })).toBeNull();
    expect(connectorPath({ left: 0, top: 0, width: 300, height: 60 }, { left: 250, top: 0, width: 300, height: 60 })).toBeNull();
    expect(connectorPath({ left: 0, top: 0, width: 300, height: 60 }, { left: 400, top: 0, width: 0, height: 0 })).toBeNull();
  });

  it("rounds to tenths of a pixel", () => {
    expect(connectorPath({ left: 0.123, top: 0, width: 100.011, height: 33.333 }, { left: 200.05, top: 0, width: 10, height: 10 })?.d).toBe(
      "M 100.1 16.7 C 150.1 16.7, 150.1 5, 200.1 5",
    );
  });
});

describe("relativeBox", () => {
  it("measures from the container's corner, adding how far it is scrolled", () => {
    expect(relativeBox({ left: 350, top: 520, width: 80, height: 40 }, { left: 250, top: 300, width: 900, height: 800 })).toEqual({ left: 100, top: 220, width: 80, height: 40 });
    expect(relativeBox({ left: 350, top: 520, width: 80, height: 40 }, { left: 250, top: 300, width: 900, height: 800 }, { left: 0, top: 50 }).top).toBe(270);
  });
});
