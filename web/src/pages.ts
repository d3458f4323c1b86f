/**
 * The pages, each in its own chunk: the sign-in page downloads none of the
 * dashboard, and a page's code arrives when it is first shown.
 */
import { lazy } from "react";

const loadLayout = () => import("@/features/layout/AppLayout");
const loadDashboard = () => import("@/features/dashboard/DashboardPage");

export const LoginPage = lazy(() => import("@/features/auth/LoginPage").then((m) => ({ default: m.LoginPage })));
export const AppLayout = lazy(() => loadLayout().then((m) => ({ default: m.AppLayout })));
export const DashboardPage = lazy(() => loadDashboard().then((m) => ({ default: m.DashboardPage })));
export const ConversationsPage = lazy(() => import("@/features/conversations/ConversationsPage"));
export const ContactsPage = lazy(() => import("@/features/contacts/ContactsPage"));
export const SettingsPage = lazy(() => import("@/features/settings/SettingsPage"));
export const BotsPage = lazy(() => import("@/features/bots/BotsPage"));
export const ChangePasswordPage = lazy(() => import("@/features/auth/ChangePasswordPage"));
export const RoutingPage = lazy(() => import("@/features/routing/RoutingPage"));
export const SimulatorPage = lazy(() => import("@/features/simulator/SimulatorPage"));
export const AnalyticsPage = lazy(() => import("@/features/analytics/AnalyticsPage"));

/** Starts fetching what a user sees right after signing in, while the sign-in request is out. */
export function preloadSignedInPages(): void {
  void loadLayout();
  void loadDashboard();
}
