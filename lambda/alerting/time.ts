/** Minutes from one ISO time to another (negative when `to` is earlier). Pure. */
export function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 60_000;
}
