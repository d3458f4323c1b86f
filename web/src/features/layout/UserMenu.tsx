import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, KeyRound, LogOut } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Dialog } from "@/components/ui/dialog";
import { api, unwrap } from "@/lib/api";
import { ChangePasswordForm } from "@/features/auth/ChangePasswordForm";
import { useMe } from "@/features/auth/session";

export function UserMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/logout")),
    onSettled: () => {
      queryClient.clear();
      void navigate("/login", { replace: true });
    },
  });
  const [changing, setChanging] = useState(false);
  const email = me.data?.email ?? "";
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          aria-label="User menu"
          className="flex h-10 items-center gap-2 rounded-lg px-2 text-sm text-fg-muted outline-none hover:bg-hover hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/60"
        >
          <span className="flex size-8 items-center justify-center rounded-full bg-accent/15 text-xs font-semibold uppercase text-accent">
            {email.slice(0, 1) || "?"}
          </span>
          <span className="hidden max-w-40 truncate md:inline">{email}</span>
          <ChevronDown className="size-4" aria-hidden="true" />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel>
            <span className="block truncate text-fg">{email}</span>
            <span className="capitalize">{me.data?.role}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setChanging(true)}>
            <KeyRound aria-hidden="true" /> Change password
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => logout.mutate()}>
            <LogOut aria-hidden="true" /> Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={changing} onOpenChange={setChanging} title="Change your password" description="Your other sessions are signed out.">
        {changing ? <ChangePasswordForm onDone={() => setChanging(false)} /> : null}
      </Dialog>
    </>
  );
}
