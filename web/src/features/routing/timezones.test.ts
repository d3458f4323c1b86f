import { timeZoneGroups, zoneLabel } from "./timezones";

describe("the time-zone picker", () => {
  it("groups zones by region, keeps the route's own zone and UTC, and puts the region-less ones last", () => {
    const groups = timeZoneGroups("Etc/GMT+5", ["Europe/Paris", "America/New_York", "America/Argentina/Salta", "Asia/Tokyo"]);
    expect(groups.map((g) => g.region)).toEqual(["America", "Asia", "Etc", "Europe", "Other"]);
    expect(groups.find((g) => g.region === "America")?.zones).toEqual(["America/Argentina/Salta", "America/New_York"]);
    expect(groups.at(-1)?.zones).toEqual(["UTC"]);
  });

  it("lists the browser's zones when given none (Intl.supportedValuesOf)", () => {
    const zones = timeZoneGroups("UTC").flatMap((g) => g.zones);
    expect(zones).toContain("America/New_York");
    expect(zones.length).toBeGreaterThan(300);
  });

  it("labels a zone by its city", () => {
    expect(zoneLabel("America/New_York")).toBe("New York");
    expect(zoneLabel("America/Argentina/Salta")).toBe("Argentina / Salta");
    expect(zoneLabel("UTC")).toBe("UTC");
  });
});
