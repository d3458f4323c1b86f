import type { Schemas } from "@/lib/api";
import { alertsChange, formFromView, isDirty, parseRecipients, settingsFromForm } from "./alertsForm";

const view: Schemas["AlertsView"] = {
  kinds: { deliveryFailures: true, newLeads: false, optOuts: false },
  email: { enabled: false, smtpHost: null, smtpPort: 587, tls: "starttls", username: null, from: null, recipients: [] },
  sms: { enabled: false, to: null, fromNumber: null },
  smtpPasswordSet: true,
};

describe("the alerts form", () => {
  it("starts clean from what is saved", () => {
    const form = formFromView(view);
    expect(form.email.smtpPort).toBe("587");
    expect(form.email.smtpHost).toBe("");
    expect(isDirty(form, view)).toBe(false);
  });

  it("is dirty after any change, and after typing a password", () => {
    const form = formFromView(view);
    expect(isDirty({ ...form, kinds: { ...form.kinds, optOuts: true } }, view)).toBe(true);
    expect(isDirty({ ...form, email: { ...form.email, smtpHost: "smtp.example.com" } }, view)).toBe(true);
    expect(isDirty({ ...form, email: { ...form.email, smtpHost: "   " } }, view)).toBe(false);
    expect(isDirty({ ...form, smtpPassword: "secret" }, view)).toBe(true);
    expect(isDirty({ ...form, email: { ...form.email, smtpPort: "" } }, view)).toBe(true);
  });

  it("sends empty fields as null, the port as a number and the recipients as a list", () => {
    const form = formFromView(view);
    form.email = { ...form.email, smtpHost: " smtp.example.com ", smtpPort: "465", tls: "tls", from: "alerts@example.com", recipients: "a@example.com, b@example.com\nc@example.com" };
    const checked = settingsFromForm(form);
    expect(checked.settings?.email).toEqual({
      enabled: false,
      smtpHost: "smtp.example.com",
      smtpPort: 465,
      tls: "tls",
      username: null,
      from: "alerts@example.com",
      recipients: ["a@example.com", "b@example.com", "c@example.com"],
    });
  });

  it("refuses a port that is not a whole number from 1 to 65535", () => {
    for (const port of ["0", "65536", "58.7", "abc", ""]) {
      const form = formFromView(view);
      form.email.smtpPort = port;
      expect(settingsFromForm(form).error).toMatch(/SMTP port/);
    }
  });

  it("asks for what a switched-on channel needs", () => {
    const form = formFromView(view);
    expect(settingsFromForm({ ...form, email: { ...form.email, enabled: true } }).error).toMatch(/SMTP host and the from address/);
    expect(settingsFromForm({ ...form, sms: { enabled: true, to: "+15551234567", fromNumber: "" } }).error).toMatch(/number to send from/);
  });

  it("sends the SMTP password only when it changes", () => {
    const form = formFromView(view);
    expect(alertsChange(form).change).not.toHaveProperty("smtpPassword");
    expect(alertsChange({ ...form, smtpPassword: "pw" }).change?.smtpPassword).toBe("pw");
    expect(alertsChange({ ...form, clearSmtpPassword: true }).change?.smtpPassword).toBe("");
  });

  it("reads recipients separated by commas, semicolons, spaces or lines", () => {
    expect(parseRecipients(" a@x.com;b@x.com  c@x.com,\n")).toEqual(["a@x.com", "b@x.com", "c@x.com"]);
    expect(parseRecipients("   ")).toEqual([]);
  });
});
