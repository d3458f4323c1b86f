import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type SyntheticEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, FormError } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api";
import { teamKey, type Role } from "./api";
import { OneTimePassword } from "./OneTimePassword";
import { PasswordChoice, type Choice } from "./PasswordChoice";
import { chosenPassword, ROLE_HINTS, ROLE_LABELS } from "./team";
import { Field } from "./parts";

function AddUserForm({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [choice, setChoice] = useState<Choice>({ mode: "generate", password: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { email: string; role: Role; password?: string }) => unwrap(api.POST("/api/users", { body })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: teamKey });
      if (!created.oneTimePassword) {
        toast.success(`${created.user.email} added`);
        onClose();
      }
    },
    onError: (error) => setProblem(error.message),
    meta: { silent: true },
  });

  if (create.data?.oneTimePassword) {
    return (
      <>
        <OneTimePassword email={create.data.user.email} password={create.data.oneTimePassword} />
        <div className="flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </>
    );
  }

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    const picked = chosenPassword(choice);
    if (picked.error) return setProblem(picked.error);
    if (!email.trim()) return setProblem("Enter their email address.");
    setProblem(null);
    create.mutate({ email: email.trim(), role, ...(picked.password ? { password: picked.password } : {}) });
  };

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Add a person">
      <Field id="new-user-email" label="Email">
        <Input id="new-user-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field id="new-user-role" label="Role" hint={ROLE_HINTS[role]}>
        <Select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
      </Field>
      <PasswordChoice idPrefix="new-user" choice={choice} onChange={setChoice} />
      <FormError>{problem}</FormError>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add person"}
        </Button>
      </div>
    </form>
  );
}

/** Adds someone to the team; a one-time password is shown once when none is typed. */
export function AddUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Add a person" description="They sign in with their email and the password below.">
      {/* Mounted afresh each time it opens: no password from last time. */}
      {open ? <AddUserForm onClose={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}
