import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { App } from "./app/App";
import { routes } from "./app/routes";
import { createServices } from "./app/services";
import { browserRefreshTokenStorage } from "./lib/auth/tokenStorage";
import "./styles/global.css";

const services = createServices({
  storage: browserRefreshTokenStorage(),
  // Same origin: FastAPI serves this client, and Vite proxies /v1 in development.
  baseUrl: window.location.origin,
  // Web Locks keep two tabs from refreshing with the same (single-use) refresh token.
  locks: "locks" in navigator ? navigator.locks : null,
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <App services={services} router={createBrowserRouter(routes)} />
  </StrictMode>,
);
