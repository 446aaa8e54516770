// Run by tests/unit/start-script.test.ts under `node --allow-natives-syntax`: keeps a small WebAssembly function hot for
// up to 3 s and prints "turbofan" as soon as V8 has recompiled it with TurboFan, or "liftoff" if it never did.
// The module: (func (export "sum") (param $n i32) (result i32) (local $total i32)
//   (loop (local.set $total (i32.add (local.get $total) (local.get $n)))
//         (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1))))) (local.get $total))
const body = [
  0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b,
];
const code = [0x01, body.length, ...body];
const bytes = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version
  ...[0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f], // type section: (i32) -> i32
  ...[0x03, 0x02, 0x01, 0x00], // function section
  ...[0x07, 0x07, 0x01, 0x03, 0x73, 0x75, 0x6d, 0x00, 0x00], // export "sum"
  ...[0x0a, code.length, ...code], // code section
]);
const { sum } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
const expected = 50_005_000;
// Natives syntax only parses with --allow-natives-syntax, so it is kept out of this file's own source.
const isTurboFan = new Function("f", "return %IsTurboFanFunction(f)");
// Tier-up happens on a background thread: keep the function hot and look again until a deadline.
const deadline = Date.now() + 3000;
function look() {
  for (let i = 0; i < 500; i++) if (sum(10_000) !== expected) throw new Error("the probe computed the wrong sum");
  if (isTurboFan(sum)) console.log("turbofan");
  else if (Date.now() > deadline) console.log("liftoff");
  else setTimeout(look, 50);
}
look();
