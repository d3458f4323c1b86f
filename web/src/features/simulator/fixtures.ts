/** Fixtures for the sandbox's tests. */
import type { Phone, PhoneText, SandboxView } from "./api";

export function aSandbox(patch: Partial<SandboxView> = {}): SandboxView {
  return {
    enabled: true,
    forced: false,
    number: "+12065550100",
    defaultCustomer: "+12065550123",
    routeId: "r_sandbox",
    botName: "Brightside Solar demo bot",
    afterHours: false,
    failurePercent: 0,
    handsets: [],
    data: { routes: 1, contacts: 0, messages: 0, jobs: 0 },
    ...patch,
  };
}

export function aText(patch: Partial<PhoneText> & { sid: string; body: string }): PhoneText {
  return { direction: "received", peer: "+12065550100", at: "2026-03-10T15:04:00Z", outcome: null, ...patch };
}

export function aPhone(texts: PhoneText[], patch: Partial<Phone> = {}): Phone {
  return { number: "+12065550123", texts, stopped: [], ...patch };
}
