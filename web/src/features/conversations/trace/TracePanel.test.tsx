import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import { ActivityStreamProvider } from "@/lib/sse";
import { fakeApi } from "@/test/fakeApi";
import type { MessageTrace, TraceHop } from "./timeline";
import { TracePanel } from "./TracePanel";

/** Just enough of EventSource to push one live event. */
class FakeEventSource {
  static latest: FakeEventSource | undefined;
  static readonly CLOSED = 2;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, (e: MessageEvent<string>) => void>();
  constructor() {
    FakeEventSource.latest = this;
  }
  addEventListener(type: string, listener: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, id: number, data: object) {
    this.listeners.get(type)?.({ type, lastEventId: String(id), data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

const XSS = "<img src=x onerror=alert(1)>";

function hop(patch: Partial<TraceHop>): TraceHop {
  return { kind: "stored", messageId: "7", at: "2026-11-28T19:02:07.000Z", status: "ok", sincePreviousMs: null, ...patch };
}

function trace(hops: TraceHop[]): MessageTrace {
  return {
    messageId: "7",
    timeZone: "America/New_York",
    messages: [
      { id: "7", direction: "inbound", source: "customer" },
      { id: "8", direction: "outbound", source: "bot" },
    ],
    hops,
  };
}

const roundTrip = [
  hop({ kind: "webhookReceived", signature: "valid", duplicate: false }),
  hop({ kind: "stored", sincePreviousMs: 2, at: "2026-11-28T19:02:07.002Z" }),
  hop({ kind: "forwardedToBot", status: "failed", attempt: 1, httpStatus: 503, tookMs: 40, error: "CloseBot answered 503", sincePreviousMs: 64_000 }),
  hop({ kind: "forwardedToBot", status: "pending", reason: "waitingForRetry", attempt: 2, retryAt: "2026-11-28T19:35:00Z", sincePreviousMs: 0 }),
];

function renderPanel() {
  vi.stubGlobal("EventSource", FakeEventSource);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ActivityStreamProvider>
        <TracePanel messageId="7" contactId="c1" bodies={new Map([["7", XSS]])} onClose={() => undefined} />
      </ActivityStreamProvider>
    </QueryClientProvider>,
  );
}

describe("TracePanel", () => {
  it("shows each hop with its time, gap, facts and the reason a step is waiting", async () => {
    fakeApi({ "GET /api/messages/7/trace": trace(roundTrip) });
    renderPanel();

    const hops = await screen.findAllByTestId("trace-hop");
    expect(hops).toHaveLength(4);
    expect(hops[0]).toHaveTextContent("Webhook received");
    expect(hops[0]).toHaveTextContent("Twilio signature valid");
    expect(hops[0]).toHaveTextContent("2:02:07 PM");
    expect(hops[1]).toHaveTextContent("+2 ms");
    expect(hops[2]).toHaveAttribute("data-status", "failed");
    expect(hops[2]).toHaveTextContent("Attempt 1 · HTTP 503 · took 40 ms");
    expect(hops[2]).toHaveTextContent("+1m 4s");
    expect(hops[3]).toHaveTextContent("Waiting for retry at 2:35:00 PM (attempt 2)");
    expect(screen.getByText(/times in America\/New_York/)).toBeInTheDocument();
  });

  it("names the message as text, never as markup", async () => {
    fakeApi({ "GET /api/messages/7/trace": trace(roundTrip) });
    renderPanel();

    const heading = (await screen.findAllByTestId("trace-message"))[0];
    expect(heading).toBeDefined();
    expect(within(heading as HTMLElement).getByText(XSS)).toBeInTheDocument();
    expect(document.querySelector("img")).toBeNull();
    expect(heading).toHaveTextContent("(this message)");
  });

  it("follows the conversation live: an event of its contact reads the trace again", async () => {
    let answers = 0;
    fakeApi({
      "GET /api/messages/7/trace": () => {
        answers += 1;
        const more = answers > 1 ? [hop({ kind: "forwardedToBot", attempt: 2, httpStatus: 200, tookMs: 5, at: "2026-11-28T19:35:00Z" })] : [];
        return new Response(JSON.stringify(trace([...roundTrip.slice(0, 3), ...more])), { headers: { "Content-Type": "application/json" } });
      },
    });
    renderPanel();
    expect(await screen.findAllByTestId("trace-hop")).toHaveLength(3);

    act(() => {
      FakeEventSource.latest?.emit("status_change", 41, {
        type: "status_change",
        contactId: "c1",
        name: null,
        phone: "+15551230000",
        body: null,
        errorCode: null,
        errorExplanation: null,
        errorMessage: null,
        messageId: "8",
        twilioSid: "SM1",
        twilioStatus: "sent",
      });
    });

    await waitFor(() => expect(screen.getAllByTestId("trace-hop")).toHaveLength(4));
    expect(screen.getAllByTestId("trace-hop")[3]).toHaveTextContent("HTTP 200");
  });
});
