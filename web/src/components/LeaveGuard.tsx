import { useEffect } from "react";
import { useBlocker, useInRouterContext } from "react-router";

/**
 * Asks before the page is left while `active` (say, a recording is running): leaving would
 * drop what the candidate is saying, and nothing they said may vanish without their say-so.
 * Closing or reloading the tab gets the browser's own prompt (beforeunload); a link inside the
 * app gets a confirm. Outside a router (unit tests of a component) only the first applies.
 */
export function LeaveGuard({ active, message }: { active: boolean; message: string }) {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = message;
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [active, message]);
  // Mounted only while active: a router holds one blocker at a time, and a page can show
  // several guarded pieces (one per question), at most one of them recording.
  const inRouter = useInRouterContext();
  return active && inRouter ? <NavigationGuard message={message} /> : null;
}

function NavigationGuard({ message }: { message: string }) {
  const blocker = useBlocker(true);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(message)) blocker.proceed();
    else blocker.reset();
  }, [blocker, message]);
  return null;
}
