/** What the person is told after their other sessions were ended (on "Where you're signed in" and after a new password). */
export function otherSessionsEndedMessage(ended: number): string {
  if (ended === 0) return "You were not signed in anywhere else.";
  return `You were signed out everywhere else (${ended} ${ended === 1 ? "session" : "sessions"} ended).`;
}
