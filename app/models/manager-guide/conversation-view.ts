// One conversation record as the manager who wrote it, or the employee it is about, is shown it: what the model
// answers and what the page component draws, in the browser too (so no server code here).
export interface ConversationView {
  id: string;
  heldOn: string;
  pointsCovered: string[];
  supportOffered: string;
  agreed: string;
  followUpOn: string | null;
  agreedAt: string | null;
  withdrawnAt: string | null;
  recordedAt: string;
  managerName: string;
  comments: { id: string; body: string; at: string }[];
}
