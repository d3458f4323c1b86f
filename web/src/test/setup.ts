import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { setUnauthorizedHandler } from "@/lib/api";

// The app routes a 401 to /login; jsdom cannot navigate documents.
setUnauthorizedHandler(() => undefined);

afterEach(() => {
  cleanup();
});

// jsdom lacks ResizeObserver, which Radix's positioned popups use.
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (!("ResizeObserver" in globalThis)) globalThis.ResizeObserver = NoopResizeObserver;

// Nor scrollIntoView, which the Routing page uses to bring an error or a new route into view.
if (!("scrollIntoView" in Element.prototype)) {
  Object.defineProperty(Element.prototype, "scrollIntoView", { value: () => undefined, writable: true });
}
