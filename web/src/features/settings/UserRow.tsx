import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Trash2 } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api";
import { relativeTime } from "@/lib/format";
import { meKey } from "@/features/auth/session";
import { teamKey, type Role, type UserView } from "./api";
import { OneTimePassword } from "./OneTimePassword";
import { PasswordChoice, type Choice } from "./PasswordChoice";
import { chosenPassword, isLastAdmin, removalBlocked, ROLE_LABELS } from "./team";

function ResetPassword({ user, onClose }: { user: UserView; onClose: () => void }) {
  const [choice, setChoice] = useState<Choice>({ mode: "generate", password: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: (password: string | undefined) =>
      unwrap(api.POST("/api/users/{id}/reset-password", { params: { path: { id: user.id } }, body: password ? { password } : {} })),
    onSuccess: (done) => {
      void queryClient.invalidateQueries({ queryKey: teamKey });
      if (!done.oneTimePassword) {
        toast.success(`New password set for ${user.email}`);
        onClose();
      }
    },
    onError: (error) => setProblem(error.message),
    meta: { silent: true },
  });
  const oneTime = reset.data?.oneTimePassword;
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={oneTime ? "Password reset" : `Reset the password of ${user.email}?`}
      description={oneTime ? "Their sessions have ended." : "Their sessions end, and they choose a new password when they next sign in."}
      confirmLabel={oneTime ? "Done" : "Reset password"}
      pending={reset.isPending}
      error={problem}
      onConfirm={() => {
        if (oneTime) return onClose();
        const picked = chosenPassword(choice);
        if (picked.error) return setProblem(picked.error);
        reset.mutate(picked.password);
      }}
    >
      {oneTime ? <OneTimePassword email={user.email} password={oneTime} /> : <PasswordChoice idPrefix={`reset-${user.id}`} choice={choice} onChange={setChoice} />}
    </ConfirmDialog>
  );
}

function Remove({ user, onClose }: { user: UserView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/users/{id}", { params: { path: { id: user.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: teamKey });
      toast.success(`${user.email} removed`);
      onClose();
    },
    meta: { silent: true },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Remove ${user.email}?`}
      description="They are signed out at once and can no longer sign in. Their replies stay in the conversations."
      confirmLabel="Remove"
      destructive
      pending={remove.isPending}
      error={remove.error?.message ?? null}
      onConfirm={() => remove.mutate()}
    />
  );
}

export function UserRow({ user, team, meId }: { user: UserView; team: UserView[]; meId: string | undefined }) {
  const [open, setOpen] = useState<"reset" | "remove" | null>(null);
  const queryClient = useQueryClient();
  const changeRole = useMutation({
    mutationFn: (role: Role) => unwrap(api.PUT("/api/users/{id}", { params: { path: { id: user.id } }, body: { role } })),
    onSuccess: (updated) => {
      queryClient.setQueryData<UserView[]>(teamKey, (list) => list?.map((u) => (u.id === updated.id ? updated : u)));
      toast.success(`${updated.email} is now ${ROLE_LABELS[updated.role].toLowerCase()}`);
      // Demoting yourself takes Settings away: the page follows.
      if (updated.id === meId) void queryClient.invalidateQueries({ queryKey: meKey });
    },
  });
  const lastAdmin = isLastAdmin(team, user);
  const blocked = removalBlocked(team, user, meId);
  const close = () => setOpen(null);

  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3 first:pt-0 last:pb-0" data-testid="team-row">
      <div className="min-w-0 flex-1 basis-56">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
          <span className="min-w-0 break-all">{user.email}</span>
          {user.id === meId ? <Badge tone="cyan">you</Badge> : null}
          {user.mustChangePassword ? <Badge tone="yellow" className="normal-case">new password due</Badge> : null}
        </p>
        <p className="text-xs text-fg-subtle">{user.lastLoginAt ? `Last signed in ${relativeTime(user.lastLoginAt)}` : "Never signed in"}</p>
      </div>
      <div className="flex items-center gap-1">
        <Select
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={changeRole.isPending}
          onChange={(e) => changeRole.mutate(e.target.value as Role)}
          className="h-8 w-28 text-xs"
          title={lastAdmin ? "The last admin: make someone else an admin first" : undefined}
        >
          {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
            <option key={r} value={r} disabled={lastAdmin && r !== "admin"}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
        <Button
          variant="ghost"
          size="icon-sm"
          onClick={() => setOpen("reset")}
          disabled={user.id === meId}
          aria-label={`Reset the password of ${user.email}`}
          title={user.id === meId ? "Change your own in the user menu" : "Reset password"}
        >
          <KeyRound />
        </Button>
        <Button
          variant="ghost"
          size="icon-sm"
          onClick={() => setOpen("remove")}
          disabled={blocked !== null}
          aria-label={`Remove ${user.email}`}
          title={blocked ?? "Remove"}
          className="hover:text-red-300"
        >
          <Trash2 />
        </Button>
      </div>
      {open === "reset" ? <ResetPassword user={user} onClose={close} /> : null}
      {open === "remove" ? <Remove user={user} onClose={close} /> : null}
    </li>
  );
}
