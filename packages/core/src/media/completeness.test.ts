import { describe, expect, it } from "vitest";
import { checkIsoBmffComplete, checkMatroskaComplete } from "./completeness";

const reader = (buf: Buffer) => async (start: number, end: number) => buf.subarray(start, end + 1);

function box(type: string, payload: number): Buffer {
  const b = Buffer.alloc(8 + payload);
  b.writeUInt32BE(8 + payload, 0);
  b.write(type, 4, "latin1");
  return b;
}

describe("checkIsoBmffComplete", () => {
  const file = Buffer.concat([box("ftyp", 12), box("moov", 100), box("mdat", 500)]);

  it("accepts a file whose boxes add up to its size", async () => {
    expect(await checkIsoBmffComplete(file.length, reader(file))).toEqual({ complete: true });
  });

  it("finds a cut in the last box", async () => {
    const cut = file.subarray(0, 400);
    const out = await checkIsoBmffComplete(cut.length, reader(cut));
    expect(out).toMatchObject({ complete: false, reason: expect.stringContaining("mdat") });
  });

  it("finds a cut inside a box header", async () => {
    const cut = file.subarray(0, 20 + 4);
    expect(await checkIsoBmffComplete(cut.length, reader(cut))).toMatchObject({ complete: false });
  });

  it("understands 64-bit sizes and size 0 (to the end)", async () => {
    const big = Buffer.alloc(16 + 10);
    big.writeUInt32BE(1, 0);
    big.write("mdat", 4, "latin1");
    big.writeBigUInt64BE(26n, 8);
    expect(await checkIsoBmffComplete(big.length, reader(big))).toEqual({ complete: true });
    const open = Buffer.concat([box("ftyp", 4), Buffer.from([0, 0, 0, 0]), Buffer.from("mdat"), Buffer.alloc(9)]);
    expect(await checkIsoBmffComplete(open.length, reader(open))).toEqual({ complete: true });
  });
});

describe("checkMatroskaComplete", () => {
  // EBML header (id 1A45DFA3, size 2, 2 bytes) then Segment (id 18538067, size 10).
  const head = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x82, 0x42, 0x86, 0x18, 0x53, 0x80, 0x67, 0x8a]);
  it("accepts a whole segment and refuses a cut one", async () => {
    const whole = Buffer.concat([head, Buffer.alloc(10)]);
    expect(await checkMatroskaComplete(whole.length, reader(whole))).toEqual({ complete: true });
    const cut = Buffer.concat([head, Buffer.alloc(4)]);
    expect(await checkMatroskaComplete(cut.length, reader(cut))).toMatchObject({ complete: false });
  });

  it("accepts a live-written segment of unknown size", async () => {
    const live = Buffer.concat([head.subarray(0, 11), Buffer.from([0xff]), Buffer.alloc(3)]);
    expect(await checkMatroskaComplete(live.length, reader(live))).toEqual({ complete: true });
  });
});
