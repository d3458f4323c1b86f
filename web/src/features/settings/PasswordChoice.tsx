import { Input } from "@/components/ui/input";
import { MIN_PASSWORD } from "./team";

export interface Choice {
  mode: "generate" | "type";
  password: string;
}

/** A one-time password made by the server (shown once), or one the admin types. */
export function PasswordChoice({ idPrefix, choice, onChange }: { idPrefix: string; choice: Choice; onChange: (c: Choice) => void }) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs font-medium text-fg-muted">Password</legend>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="radio"
          name={`${idPrefix}-mode`}
          className="mt-1 accent-cyan-400"
          checked={choice.mode === "generate"}
          onChange={() => onChange({ ...choice, mode: "generate" })}
        />
        <span>
          Make a one-time password
          <span className="block text-xs text-fg-subtle">Shown to you once; they choose their own when they first sign in.</span>
        </span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="radio"
          name={`${idPrefix}-mode`}
          className="mt-1 accent-cyan-400"
          checked={choice.mode === "type"}
          onChange={() => onChange({ ...choice, mode: "type" })}
        />
        <span>Type one (they still choose their own at first sign-in)</span>
      </label>
      {choice.mode === "type" ? (
        <Input
          id={`${idPrefix}-password`}
          type="password"
          aria-label="Password to give them"
          autoComplete="new-password"
          placeholder={`At least ${MIN_PASSWORD} characters`}
          value={choice.password}
          onChange={(e) => onChange({ ...choice, password: e.target.value })}
        />
      ) : null}
    </fieldset>
  );
}
