import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, type createBrowserRouter } from "react-router";
import { ServicesProvider } from "../lib/services";
import type { Services } from "./services";

type Router = ReturnType<typeof createBrowserRouter>;

export function App({ services, router }: { services: Services; router: Router }) {
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={services.queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ServicesProvider>
  );
}
