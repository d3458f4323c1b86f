import { Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input, Label, Select } from "@/components/ui/input";
import { formatPhone } from "@/lib/format";
import { defaultSourceName, freeNumbers, isE164, normalizeNumber, sourceOptions } from "./addRoute";
import { errorFor, type FieldKey } from "./fieldErrors";
import { FieldMessage } from "./FieldMessage";
import type { BotEntry, NumberEntry } from "./model";
import { SourcePicker, type SourceMode } from "./SourcePicker";
import { useAddRoute, type AddRouteInput } from "./useAddRoute";
import { useSources } from "./useRouting";

const TYPED = "__typed__";
const OTHER = "__other__";

interface AddRouteDialogProps {
  numbers: NumberEntry[];
  bots: BotEntry[];
  /** Preselected from a number's or a bot's "Route" button. */
  initial: { phone?: string; botId?: string | null };
  onClose: () => void;
  onAdded: (routeId: string) => void;
}

export function AddRouteDialog({ numbers, bots, initial, onClose, onAdded }: AddRouteDialogProps) {
  const free = freeNumbers(numbers);
  const knownBots = bots.filter((b): b is BotEntry & { id: string } => b.id !== null);
  // Until the user picks, the choices follow the lists (which may still be loading).
  const [pickedNumber, setNumberChoice] = useState<string | null>(null);
  const [typed, setTyped] = useState(() => (initial.phone && !free.some((n) => n.phone === initial.phone) ? initial.phone : ""));
  const [pickedBot, setBotChoice] = useState<string | null>(null);
  const wantedPhone = initial.phone ?? free[0]?.phone;
  const numberChoice = pickedNumber ?? (wantedPhone && free.some((n) => n.phone === wantedPhone) ? wantedPhone : TYPED);
  const wantedBot = knownBots.find((b) => b.id === initial.botId) ?? knownBots[0];
  const botChoice = pickedBot ?? wantedBot?.id ?? OTHER;
  const [otherName, setOtherName] = useState("");
  const [otherId, setOtherId] = useState("");
  const [mode, setMode] = useState<SourceMode>("create");
  const [sourceName, setSourceName] = useState<string | null>(null);
  const [existing, setExisting] = useState("");
  const [manual, setManual] = useState("");
  const sources = useSources(true);
  const add = useAddRoute(onAdded);

  const typing = numberChoice === TYPED;
  const number = normalizeNumber(typing ? typed : numberChoice);
  const bot = botChoice === OTHER ? null : (knownBots.find((b) => b.id === botChoice) ?? null);
  const options = sourceOptions(bot, sources.data?.error ? null : (sources.data?.items ?? null));
  const name = sourceName ?? defaultSourceName(number);
  const err = (field: FieldKey) => errorFor(add.errors, field);
  const fail = (field: FieldKey, message: string) => add.setErrors({ field, message });

  const submit = () => {
    if (!isE164(number)) return fail("twilioNumber", "Type the number in E.164 form: + and the country code, e.g. +15550000007");
    const botName = bot ? bot.name : otherName.trim();
    if (!botName) return fail("botName", "Pick a bot, or type its name");
    let source: AddRouteInput["source"];
    if (mode === "create") {
      if (!name.trim()) return fail("source", "Give the new source a name");
      source = { kind: "create", name: name.trim() };
    } else {
      const id = (mode === "existing" ? existing : manual).trim();
      if (!id) return fail("source", mode === "existing" ? "Pick a source" : "Type the source's ID");
      source = { kind: "existing", sourceId: id };
    }
    void add.submit({
      twilioNumber: number,
      twilioNumberSid: numbers.find((n) => n.phone === number)?.sid ?? null,
      botId: bot ? bot.id : otherId.trim() || null,
      botName,
      source,
    });
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title="Add a new route"
      description="Texts to the number go to the bot; its replies come back by SMS."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="add-route" disabled={add.pending}>
            <Plus />
            {add.pending ? "Adding…" : "Add route"}
          </Button>
        </>
      }
    >
      <form
        id="add-route"
        className="space-y-5"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div>
          <Label htmlFor="add-number">Twilio number</Label>
          {free.length > 0 ? (
            <Select id="add-number" className="mt-1.5" value={numberChoice} onChange={(e) => setNumberChoice(e.target.value)}>
              {free.map((n) => (
                <option key={n.phone} value={n.phone}>
                  {formatPhone(n.phone)}
                  {n.friendlyName && n.friendlyName !== n.phone ? ` · ${n.friendlyName}` : ""}
                </option>
              ))}
              <option value={TYPED}>Type a number…</option>
            </Select>
          ) : null}
          {typing ? (
            <Input
              id={free.length > 0 ? "add-number-typed" : "add-number"}
              aria-label={free.length > 0 ? "Number (E.164)" : undefined}
              className="mt-1.5"
              inputMode="tel"
              autoComplete="off"
              placeholder="+15550000007"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={err("twilioNumber") ? true : undefined}
            />
          ) : null}
          <FieldMessage id="add-number-error" message={err("twilioNumber")} />
        </div>

        <div>
          <Label htmlFor="add-bot">CloseBot bot</Label>
          <Select id="add-bot" className="mt-1.5" value={botChoice} onChange={(e) => setBotChoice(e.target.value)}>
            {knownBots.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
            <option value={OTHER}>Another bot (type it in)…</option>
          </Select>
          {botChoice === OTHER ? (
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              <Input aria-label="Bot name" placeholder="Bot name" value={otherName} onChange={(e) => setOtherName(e.target.value)} />
              <Input aria-label="Bot ID (optional)" placeholder="Bot ID (optional)" value={otherId} onChange={(e) => setOtherId(e.target.value)} />
            </div>
          ) : null}
          <FieldMessage id="add-bot-error" message={err("botName") ?? err("closebotBotId")} />
        </div>

        <SourcePicker
          mode={mode}
          onMode={setMode}
          name={name}
          onName={setSourceName}
          options={options}
          existing={existing}
          onExisting={setExisting}
          manual={manual}
          onManual={setManual}
          listError={sources.data?.error ?? (sources.error ? sources.error.message : null)}
          loading={sources.isPending}
          error={err("source") ?? err("closebotSourceId")}
        />
        <FieldMessage id="add-route-error" message={err("form")} />
      </form>
    </Dialog>
  );
}
