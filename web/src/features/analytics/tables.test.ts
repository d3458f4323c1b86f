import { buildCsv } from "./csv";
import { overview } from "./fixtures";
import { botsTable, leaderboardTable, messagesTable, outcomesTable, trendsTable } from "./tables";

const data = overview();
const lines = (csv: string) => csv.slice(1).trimEnd().split("\r\n");

describe("messagesTable", () => {
  it("has a row per bucket with inbound, outbound and their total", () => {
    const table = messagesTable(data, data.messages!);
    expect(table.caption).toBe("Messages per day, inbound and outbound (America/New_York time)");
    expect(table.columns.map((c) => c.label)).toEqual(["Day", "Inbound", "Outbound", "Total"]);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["Sat, Nov 28", "10", "9", "19"],
      ["Sun, Nov 29", "0", "0", "0"],
      ["Mon, Nov 30", "20", "16", "36"],
    ]);
    expect(lines(buildCsv(table.csvHeader, table.csvRows))).toEqual(["Start (America/New_York),Inbound,Outbound,Total", "2026-11-28,10,9,19", "2026-11-29,0,0,0", "2026-11-30,20,16,36"]);
  });

  it("writes hours as a date and a time", () => {
    const hourly = overview({ range: { resolution: "hour" } });
    const table = messagesTable(hourly, { inbound: 1, outbound: 0, points: [{ start: "2026-11-30T19:00:00Z", local: "2026-11-30T14:00", inbound: 1, outbound: 0 }] });
    expect(table.columns[0]?.label).toBe("Hour");
    expect(table.rows[0]?.cells[0]).toBe("Mon, Nov 30, 2 PM");
    expect(table.csvRows[0]?.[0]).toBe("2026-11-30 14:00");
  });
});

describe("trendsTable", () => {
  it("gives the cards' figures per bucket, unknown ones as —", () => {
    const table = trendsTable(data);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["Sat, Nov 28", "4", "25%", "1m 30s", "4.0/5"],
      ["Sun, Nov 29", "0", "—", "—", "—"],
      ["Mon, Nov 30", "8", "25%", "1m 53s", "5.0/5"],
    ]);
    expect(table.csvHeader).toEqual(["Start (America/New_York)", "Conversations", "Booking rate (%)", "Avg response time (s)", "Satisfaction (1-5)"]);
    expect(table.csvRows[1]).toEqual(["2026-11-29", 0, null, null, null]);
    expect(table.csvRows[2]).toEqual(["2026-11-30", 8, 25, 112.5, 5]);
  });
});

describe("botsTable", () => {
  it("lists the bots, their names neutralised in the CSV", () => {
    const table = botsTable(data.bots!);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["Sales bot", "8", "40"],
      ['=HYPERLINK("http://evil.example","Support")', "4", "15"],
    ]);
    expect(lines(buildCsv(table.csvHeader, table.csvRows))).toEqual([
      "Bot,Bot id,Conversations,Messages",
      "Sales bot,bot_sales,8,40",
      `"'=HYPERLINK(""http://evil.example"",""Support"")",bot_evil,4,15`,
    ]);
  });
});

describe("outcomesTable", () => {
  it("gives each outcome's count and share of the total", () => {
    const table = outcomesTable(data.outcomes!);
    expect(table.caption).toBe("How the 12 conversations of the range stand");
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["Booked", "3", "25%"],
      ["Qualified", "4", "33%"],
      ["Dropped", "1", "8.3%"],
      ["Pending", "4", "33%"],
    ]);
    expect(table.csvRows).toEqual([
      ["Booked", 3, 25],
      ["Qualified", 4, 33.3],
      ["Dropped", 1, 8.3],
      ["Pending", 4, 33.3],
    ]);
    expect(outcomesTable({ total: 0, droppedAfterDays: 7, items: [{ outcome: "booked", count: 0 }] }).rows[0]?.cells).toEqual(["Booked", "0", "—"]);
  });
});

describe("leaderboardTable", () => {
  it("ranks the bots with booking rate, CSAT and response times", () => {
    const table = leaderboardTable(data.leaderboard!);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["1", '=HYPERLINK("http://evil.example","Support")', "4", "50% (2)", "4.5/5 (2 answers)", "45s"],
      ["2", "Sales bot", "8", "13% (1)", "—", "2m 15s"],
    ]);
    expect(table.csvRows[1]).toEqual([2, "Sales bot", "bot_sales", 8, 1, 12.5, null, 0, 135, 0.5]);
    expect(lines(buildCsv(table.csvHeader, table.csvRows))[1]?.startsWith(`1,"'=HYPERLINK(`)).toBe(true);
  });
});
