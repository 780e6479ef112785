import type { RouteObject } from "react-router";
import { GuestOnly, RequireAuth } from "../features/auth/RequireAuth";
import { LoginPage } from "../features/auth/LoginPage";
import { OidcCallbackPage } from "../features/auth/OidcCallbackPage";
import { SignupPage } from "../features/auth/SignupPage";
import { AccountDeletedPage } from "../features/privacy/AccountDeletedPage";
import { SettingsPage } from "../features/privacy/SettingsPage";
import { DeviceCheckPage } from "../features/interview/DeviceCheckPage";
import { RoomPage } from "../features/interview/room/RoomPage";
import { SetupPage } from "../features/interview/SetupPage";
import { DashboardPage } from "../features/orgs/DashboardPage";
import { InstitutePage } from "../features/orgs/InstitutePage";
import { MemberSessionsPage } from "../features/orgs/MemberSessionsPage";
import { AssignmentsAdminPage } from "../features/orgs/AssignmentsAdminPage";
import { SharedSessionsPage } from "../features/orgs/SharedSessionsPage";
import { ProgressPage } from "../features/progress/ProgressPage";
import { AfterAnswer } from "../features/reports/practice/AfterAnswer";
import { ReportPage } from "../features/reports/ReportPage";
import { HomePage } from "../features/sessions/HomePage";
import { AppShell } from "./AppShell";
import { NotFoundPage } from "./NotFoundPage";
import { paths } from "../config/paths";

export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          { path: paths.login, element: <LoginPage /> },
          { path: paths.signup, element: <SignupPage /> },
          { path: paths.oidcCallback, element: <OidcCallbackPage /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          { path: paths.home, element: <HomePage /> },
          { path: paths.settings, element: <SettingsPage /> },
          { path: paths.deviceCheck, element: <DeviceCheckPage /> },
          { path: paths.sessionSetup, element: <SetupPage /> },
          {
            path: paths.room,
            // The room hosts the report's talking points and retry for the answer just saved.
            element: <RoomPage afterAnswer={(p) => <AfterAnswer {...p} />} />,
          },
          { path: paths.report, element: <ReportPage /> },
          { path: paths.progress, element: <ProgressPage /> },
          { path: paths.institute, element: <InstitutePage /> },
          { path: paths.instituteDashboard, element: <DashboardPage /> },
          { path: paths.instituteMember, element: <MemberSessionsPage /> },
          { path: paths.instituteAssignments, element: <AssignmentsAdminPage /> },
          { path: paths.instituteShared, element: <SharedSessionsPage /> },
        ],
      },
      { path: paths.accountDeleted, element: <AccountDeletedPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
