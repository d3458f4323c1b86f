import { UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/session";
import { useTeam } from "./api";
import { AddUserDialog } from "./AddUserDialog";
import { Note, SettingsCard } from "./parts";
import { sortTeam } from "./team";
import { UserRow } from "./UserRow";

export function TeamCard() {
  const team = useTeam();
  const me = useMe();
  const [adding, setAdding] = useState(false);
  const users = team.data ? sortTeam(team.data) : [];

  return (
    <SettingsCard
      id="team"
      icon={Users}
      title="Team"
      description="Admins manage everything; agents work conversations only."
      action={
        <Button size="sm" onClick={() => setAdding(true)}>
          <UserPlus aria-hidden="true" /> Add person
        </Button>
      }
    >
      {team.isPending ? (
        <div className="space-y-3" aria-busy="true" aria-label="Loading the team">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : team.isError ? (
        <Note tone="warning">{team.error.message}</Note>
      ) : (
        <ul className="divide-y divide-line/50" aria-label="Team members">
          {users.map((u) => (
            <UserRow key={u.id} user={u} team={users} meId={me.data?.id} />
          ))}
        </ul>
      )}
      <AddUserDialog open={adding} onOpenChange={setAdding} />
    </SettingsCard>
  );
}
