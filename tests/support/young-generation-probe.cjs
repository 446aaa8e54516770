// Prints the largest size V8's new space (the young generation) reaches while short-lived objects pile up, in MiB.
// tests/unit/start-script.test.ts runs it with and without `npm start`'s flags (ADR 050).
const v8 = require("node:v8");

const newSpaceSize = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size;
let live = [];
let largest = 0;
for (let i = 0; i < 3_000_000; i++) {
  live.push({ i, text: `row ${i}` });
  if (live.length > 200_000) live = [];
  if (i % 10_000 === 0) largest = Math.max(largest, newSpaceSize());
}
console.log(largest / 1024 / 1024);
