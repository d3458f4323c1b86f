/**
 * Adding a route: with "Create a CloseBot source", first the source (the one
 * step that needs CloseBot), then the route, which needs neither provider.
 * A source already created is reused when the route's save is retried.
 * Success shows as the new route's card lighting up (no toast over the page).
 */
import { useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { fieldOfError, type FieldError } from "./fieldErrors";
import { useCreateRoute, useCreateSource } from "./useRouting";

export interface AddRouteInput {
  twilioNumber: string;
  twilioNumberSid: string | null;
  botId: string | null;
  botName: string | null;
  source: { kind: "create"; name: string } | { kind: "existing"; sourceId: string };
}

export function useAddRoute(onDone: (routeId: string) => void) {
  const createSource = useCreateSource();
  const createRoute = useCreateRoute();
  const [errors, setErrors] = useState<FieldError | null>(null);
  /** The source made by an earlier try, by the name and bot it was made for. */
  const created = useRef<{ name: string; botId: string | null; sourceId: string } | null>(null);

  const submit = async (input: AddRouteInput) => {
    setErrors(null);
    let sourceId: string;
    if (input.source.kind === "existing") {
      sourceId = input.source.sourceId;
    } else {
      const earlier = created.current;
      if (earlier && earlier.name === input.source.name && earlier.botId === input.botId) {
        sourceId = earlier.sourceId;
      } else {
        try {
          const made = await createSource.mutateAsync({ name: input.source.name, botId: input.botId });
          created.current = { name: input.source.name, botId: input.botId, sourceId: made.sourceId };
          sourceId = made.sourceId;
          if (!made.attached) {
            toast(`CloseBot created the source “${made.name}” but did not attach the bot`, {
              tone: "error",
              description: `${made.attachError ?? "No reason given"}. Attach it in CloseBot, or the bot will not answer on this number.`,
            });
          }
        } catch (error) {
          setErrors({
            field: "source",
            message: `CloseBot could not create the source: ${fieldOfError(error).message.replace(/\.$/, "")}. The route can still be saved with a source ID typed in.`,
          });
          return;
        }
      }
    }
    let routeId: string;
    try {
      ({ id: routeId } = await createRoute.mutateAsync({
        twilioNumber: input.twilioNumber,
        twilioNumberSid: input.twilioNumberSid,
        closebotSourceId: sourceId,
        closebotBotId: input.botId,
        botName: input.botName,
      }));
    } catch (error) {
      setErrors(fieldOfError(error));
      return;
    }
    created.current = null;
    onDone(routeId);
  };

  return { submit, errors, setErrors, pending: createSource.isPending || createRoute.isPending };
}
