import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/dialog";
import { Input, Label } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { api, unwrap, type Me } from "@/lib/api";
import { MIN_PASSWORD, newPasswordProblem } from "./password";
import { meKey } from "./session";

/** Current password, new one twice; on success the session no longer needs a change. */
export function ChangePasswordForm({ currentLabel = "Current password", onDone }: { currentLabel?: string; onDone?: () => void }) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/password", { body: { currentPassword: current, newPassword: next } })),
    onSuccess: () => {
      queryClient.setQueryData<Me>(meKey, (me) => (me ? { ...me, mustChangePassword: false } : me));
      toast.success("Your new password is set");
      onDone?.();
    },
    onError: (error) => setProblem(error.message),
    meta: { silent: true },
  });

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    const wrong = newPasswordProblem({ current, next, repeat });
    setProblem(wrong);
    if (!wrong) change.mutate();
  };

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Change password">
      <div className="space-y-1.5">
        <Label htmlFor="pw-current">{currentLabel}</Label>
        <Input id="pw-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="pw-new">New password</Label>
        <Input id="pw-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-describedby="pw-new-hint" />
        <p id="pw-new-hint" className="text-xs text-fg-subtle">
          At least {MIN_PASSWORD} characters; a few words you will remember make a good one.
        </p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="pw-repeat">New password again</Label>
        <Input id="pw-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </div>
      <FormError>{problem}</FormError>
      <Button type="submit" className="w-full" disabled={change.isPending}>
        <KeyRound aria-hidden="true" />
        {change.isPending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
