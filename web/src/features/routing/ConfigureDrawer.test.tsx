import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderAt } from "@/test/render";
import { ConfigureDrawer } from "./ConfigureDrawer";
import { aRoute } from "./testData";

const route = aRoute({
  id: "r1",
  twilioNumber: "+15005550007",
  botName: "Roofing bot",
  afterHoursReply: "Closed",
  businessHours: { timezone: "UTC", mon: { start: "09:00", end: "17:00" }, exceptions: [{ date: "2026-12-25", closed: true }] },
});

function stubPut(answers: Response[]) {
  const bodies: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      if (request.method === "PUT") {
        bodies.push(await request.json());
        return answers.shift() ?? jsonResponse(200, route);
      }
      return jsonResponse(200, { items: [], total: 0, page: 1, limit: 200 });
    }),
  );
  return bodies;
}

describe("ConfigureDrawer", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("shows the server's 422 beside the day it names, and saves the fix", async () => {
    const user = userEvent.setup();
    const bodies = stubPut([jsonResponse(422, { error: { code: "validation", message: "businessHours: mon: the end (08:00) must be after the start (17:00)" } })]);
    const onSaved = vi.fn();
    renderAt("/routing", [{ path: "/routing", element: <ConfigureDrawer route={route} onClose={vi.fn()} onSaved={onSaved} onDelete={vi.fn()} /> }]);

    const drawer = await screen.findByRole("dialog", { name: "Configure route" });
    fireEvent.change(within(drawer).getByLabelText("Monday opens"), { target: { value: "17:00" } });
    fireEvent.change(within(drawer).getByLabelText("Monday closes"), { target: { value: "08:00" } });
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    const alert = await within(screen.getByTestId("day-mon")).findByRole("alert");
    expect(alert).toHaveTextContent("The end (08:00) must be after the start (17:00)");
    expect(within(screen.getByTestId("day-tue")).queryByRole("alert")).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();

    fireEvent.change(within(drawer).getByLabelText("Monday opens"), { target: { value: "08:00" } });
    fireEvent.change(within(drawer).getByLabelText("Monday closes"), { target: { value: "00:00" } });
    expect(screen.queryByRole("alert")).toBeNull();
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith("r1"));
    expect(bodies[1]).toEqual({
      greetingMessage: null,
      afterHoursReply: "Closed",
      maxConcurrent: 50,
      businessHours: {
        timezone: "UTC",
        mon: { start: "08:00", end: "24:00" },
        tue: null,
        wed: null,
        thu: null,
        fri: null,
        sat: null,
        sun: null,
        exceptions: [{ date: "2026-12-25", closed: true }],
      },
    });
  });

  it("switching hours off saves always open, and the slider sets the cap", async () => {
    const user = userEvent.setup();
    const bodies = stubPut([]);
    renderAt("/routing", [{ path: "/routing", element: <ConfigureDrawer route={route} onClose={vi.fn()} onSaved={vi.fn()} onDelete={vi.fn()} /> }]);
    const drawer = await screen.findByRole("dialog", { name: "Configure route" });
    await user.click(within(drawer).getByRole("switch", { name: "Use business hours" }));
    expect(within(drawer).queryByLabelText("Time zone")).toBeNull();
    fireEvent.change(within(drawer).getByLabelText("Max concurrent conversations"), { target: { value: "12" } });
    expect(screen.getByTestId("max-concurrent-value")).toHaveTextContent("12");
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject({ businessHours: null, maxConcurrent: 12 });
  });

  it("shows a maxConcurrent refusal beside the slider", async () => {
    const user = userEvent.setup();
    stubPut([jsonResponse(422, { error: { code: "validation", message: "maxConcurrent must be between 1 and 1000" } })]);
    renderAt("/routing", [{ path: "/routing", element: <ConfigureDrawer route={route} onClose={vi.fn()} onSaved={vi.fn()} onDelete={vi.fn()} /> }]);
    const drawer = await screen.findByRole("dialog", { name: "Configure route" });
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    expect(await within(drawer).findByRole("alert")).toHaveAttribute("id", "route-max-concurrent-error");
  });
});
