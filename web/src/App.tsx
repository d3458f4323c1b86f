import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Suspense } from "react";
import { createBrowserRouter, Link, RouterProvider } from "react-router";
import { Skeleton } from "@/components/ui/skeleton";
import { Toaster, toast } from "@/components/ui/toast";
import { ApiError, setUnauthorizedHandler } from "@/lib/api";
import { RequireAuth } from "@/features/auth/RequireAuth";
import { AnalyticsPage, AppLayout, BotsPage, ChangePasswordPage, ContactsPage, ConversationsPage, DashboardPage, LoginPage, preloadSignedInPages, RoutingPage, SettingsPage, SimulatorPage } from "@/pages";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

function report(error: Error, silent: boolean | undefined) {
  if (silent) return;
  if (error instanceof ApiError && error.status === 401) return; // handled by going to /login
  toast.error(error.message);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => report(error, query.meta?.silent) }),
  mutationCache: new MutationCache({ onError: (error, _v, _c, mutation) => report(error, mutation.meta?.silent) }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

function NotFound() {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 p-10 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-fg-muted">There is nothing at this address.</p>
      <Link className="text-accent hover:underline" to="/">
        Back to the dashboard
      </Link>
    </div>
  );
}

function Loading() {
  return (
    <div className="flex min-h-full items-center justify-center" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-10 w-48" />
    </div>
  );
}

const router = createBrowserRouter([
  {
    path: "/login",
    element: (
      <Suspense fallback={<Loading />}>
        <LoginPage onSigningIn={preloadSignedInPages} />
      </Suspense>
    ),
  },
  {
    // Strangers are sent to /login before any of the signed-in pages' code is fetched.
    element: (
      <RequireAuth changePassword={<ChangePasswordPage />} fallback={<Loading />}>
        <Suspense fallback={<Loading />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: "conversations/:contactId?", element: <ConversationsPage /> },
      { path: "contacts", element: <ContactsPage /> },
      { path: "bots", element: <BotsPage /> },
      { path: "analytics", element: <AnalyticsPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "routing", element: <RoutingPage /> },
      { path: "simulator", element: <SimulatorPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === "/login") return;
  const next = pathname + search;
  void router.navigate(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, { replace: true });
  queryClient.clear();
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Toaster />
    </QueryClientProvider>
  );
}
