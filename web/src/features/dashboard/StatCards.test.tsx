import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TooltipProvider } from "@/components/ui/tooltip";
import type { Stats } from "@/lib/api";
import { StatCards } from "./StatCards";

const stats: Stats = {
  activeConversations: 12,
  messagesToday: 1234,
  bookings: { value: 7, reason: null },
  responseRate: { value: 0.875, botReplies: 7, inbound: 8, windowDays: 7 },
};

function renderCards(props: Parameters<typeof StatCards>[0]) {
  return render(
    <TooltipProvider>
      <StatCards {...props} />
    </TooltipProvider>,
  );
}

describe("StatCards", () => {
  it("shows the four numbers", () => {
    renderCards({ stats, loading: false, error: null });
    expect(screen.getByTestId("stat-Active Conversations")).toHaveTextContent("12");
    expect(screen.getByTestId("stat-Messages Today")).toHaveTextContent("1,234");
    expect(screen.getByTestId("stat-Bookings Made")).toHaveTextContent("7");
    expect(screen.getByTestId("stat-Response Rate")).toHaveTextContent("88%");
    expect(screen.getByText("7 bot replies / 8 inbound · 7 days")).toBeInTheDocument();
  });

  it("says one bot reply, not one bot replies", () => {
    renderCards({ stats: { ...stats, responseRate: { value: 1, botReplies: 1, inbound: 1, windowDays: 7 } }, loading: false, error: null });
    expect(screen.getByText("1 bot reply / 1 inbound · 7 days")).toBeInTheDocument();
  });

  it("shows a dash with the reason when CloseBot is unreachable", async () => {
    const user = userEvent.setup();
    renderCards({ stats: { ...stats, bookings: { value: null, reason: "CloseBot did not answer" } }, loading: false, error: null });
    const dash = screen.getByLabelText("Unavailable: CloseBot did not answer");
    expect(dash).toHaveTextContent("—");
    await user.hover(dash);
    expect((await screen.findAllByText("CloseBot did not answer")).length).toBeGreaterThan(0);
  });

  it("shows dashes, not an error page, when the stats fail to load", () => {
    renderCards({ stats: undefined, loading: false, error: "The server could not be reached" });
    expect(screen.getAllByLabelText("Unavailable: The server could not be reached")).toHaveLength(4);
  });
});
