import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from "react";
import type { QueryClient } from "@tanstack/react-query";
import type { Client } from "openapi-fetch";
import type { paths } from "../client/schema";
import type { AuthSession, AuthState } from "./auth/session";
import { REFRESH_TOKEN_KEY } from "./auth/tokenStorage";

// The app's stateful services reach components through one context: every feature calls the API
// with `useApi()` and reads the signed-in account with `useAuth()`. app/services.ts makes them.

export type Api = Client<paths>;

/** Everything stateful the app needs, made once at start-up (and per test). */
export interface Services {
  session: AuthSession;
  api: Api;
  queryClient: QueryClient;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  const { session } = services;
  useEffect(() => {
    void session.restore();
    // Logging out in one tab removes the stored refresh token and other tabs follow; logging
    // in there is picked up here too, so every open tab shows the same account state.
    const onStorage = (event: StorageEvent) => {
      // localStorage.clear() in another tab reports key null.
      if (event.key !== REFRESH_TOKEN_KEY && event.key !== null) return;
      if (event.newValue === null) session.handleStorageCleared();
      else if (session.getState().status === "signedOut") void session.restore();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [session]);
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices needs a <ServicesProvider>");
  return services;
}

export function useApi(): Api {
  return useServices().api;
}

export function useAuth(): { state: AuthState; session: AuthSession } {
  const { session } = useServices();
  const state = useSyncExternalStore(session.subscribe, session.getState);
  return { state, session };
}
