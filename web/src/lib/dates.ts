// Every date the app shows goes through here, under one locale rule: the reader's own (the
// browser's language settings, `undefined` to Intl). The institute pages used to print "3 Mar 2026"
// in en-GB while the report printed the reader's format; now a day reads the same on every page.
const READER_LOCALE = undefined;

const date = new Intl.DateTimeFormat(READER_LOCALE, { dateStyle: "medium" });
const dateTime = new Intl.DateTimeFormat(READER_LOCALE, { dateStyle: "medium", timeStyle: "short" });
const dayMonth = new Intl.DateTimeFormat(READER_LOCALE, { day: "numeric", month: "short" });
const weekdayDayMonth = new Intl.DateTimeFormat(READER_LOCALE, { weekday: "long", day: "numeric", month: "short" });

/** An instant (ISO 8601 with a zone) as a date: "Nov 20, 2026" / "20 Nov 2026". */
export function formatDate(iso: string): string {
  return date.format(new Date(iso));
}

/** An instant as a date and a time of day, in the reader's time zone. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/**
 * A calendar day ("2026-11-25", no time, no zone) as a local date: read as UTC midnight it would
 * show the day before anywhere west of Greenwich.
 */
function calendarDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** A calendar day without its year ("Nov 25"), e.g. the Monday a week starts on. */
export function formatDayMonth(isoDate: string): string {
  return dayMonth.format(calendarDay(isoDate));
}

/** A calendar day with its weekday ("Wednesday, Nov 25"). */
export function formatWeekday(isoDate: string): string {
  return weekdayDayMonth.format(calendarDay(isoDate));
}
