// Prints how long argon2id (the library's defaults: m=19 MiB, t=2, p=1) takes to hash and
// verify on this machine: the cost of every register, login and password change.
// Run: pnpm exec tsx bench/auth-password.ts
import { hashPassword, verifyPassword } from "@coherence/core";

const runs = 10;
const hashMs: number[] = [];
const verifyMs: number[] = [];
let hash = "";
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  hash = await hashPassword("correct horse battery staple");
  hashMs.push(performance.now() - t);
  t = performance.now();
  await verifyPassword(hash, "correct horse battery staple");
  verifyMs.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
console.log(
  `argon2id ${hash.split("$")[3]}: hash median ${median(hashMs)} ms, verify median ${median(verifyMs)} ms (${runs} runs)`,
);
