import { useEffect, useRef, type RefObject } from "react";

/**
 * An inline confirmation replaces the button that opened it and, when it closes, takes the
 * focused element with it: focus would fall to the page body and keyboard users would start
 * again from the top. This puts focus back on the opener, unless the user already moved it.
 */
export function useReturnFocus(open: boolean, opener: RefObject<HTMLElement | null>): void {
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) {
      const active = document.activeElement;
      if (!active || active === document.body) opener.current?.focus();
    }
    wasOpen.current = open;
  }, [open, opener]);
}
