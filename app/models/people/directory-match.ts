// A person found in the force's directory, as offered to choose from: made by the server modules that search the
// directory, shown by the DirectorySearch component (so this module stays free of server code).
export interface DirectoryMatch {
  id: string;
  name: string;
  detail: string;
}
