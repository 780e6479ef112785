import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from "react";
import type { Api, Services } from "../../app/services";
import type { AuthSession, AuthState } from "./session";
import { REFRESH_TOKEN_KEY } from "./tokenStorage";

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  const { session } = services;
  useEffect(() => {
    void session.restore();
    // Logging out in one tab removes the stored refresh token; other tabs follow.
    const onStorage = (event: StorageEvent) => {
      if (event.key === REFRESH_TOKEN_KEY && event.newValue === null) session.handleStorageCleared();
      // localStorage.clear() in another tab reports key null.
      if (event.key === null) session.handleStorageCleared();
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
