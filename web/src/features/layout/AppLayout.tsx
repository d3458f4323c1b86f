import { Suspense, useState } from "react";
import { Outlet } from "react-router";
import { Sheet } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { TooltipProvider } from "@/components/ui/tooltip";
import { ActivityStreamProvider } from "@/lib/sse";
import { SandboxBanner } from "./SandboxBanner";
import { Logo, Sidebar, SidebarNav } from "./Sidebar";
import { Topbar } from "./Topbar";

function PageFallback() {
  return (
    <div className="space-y-4 p-6" aria-busy="true" aria-label="Loading page">
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-64 w-full" />
    </div>
  );
}

function Shell() {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="min-h-full">
      <Sidebar />
      <Sheet open={menuOpen} onOpenChange={setMenuOpen} title="Navigation">
        <Logo />
        <SidebarNav onNavigate={() => setMenuOpen(false)} />
      </Sheet>
      <div className="flex min-h-full flex-col lg:pl-60">
        <SandboxBanner />
        <Topbar onOpenMenu={() => setMenuOpen(true)} />
        <main className="flex min-h-0 flex-1 flex-col">
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

/** Sidebar, top bar and the page of a signed-in user (App puts it behind RequireAuth); the live event stream lives here, once for all pages. */
export function AppLayout() {
  return (
    <ActivityStreamProvider>
      <TooltipProvider>
        <Shell />
      </TooltipProvider>
    </ActivityStreamProvider>
  );
}
