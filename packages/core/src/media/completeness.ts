/** Reads the inclusive byte range [start, end] of the file being checked. */
export type ReadRange = (start: number, end: number) => Promise<Buffer>;

export type Completeness = { complete: true } | { complete: false; reason: string };

/** Most files have a handful of top-level boxes; fragmented MP4 has one pair per fragment. */
const MAX_BOXES = 5000;

/**
 * Walks the top-level boxes of an ISO base media file (MP4, MOV): each declares
 * its size, so a file cut short has a last box that runs past the end. ffprobe
 * alone misses this when the index (moov) comes first.
 */
export async function checkIsoBmffComplete(size: number, read: ReadRange): Promise<Completeness> {
  let offset = 0;
  for (let n = 0; n < MAX_BOXES; n++) {
    if (offset === size) return { complete: true };
    if (offset + 8 > size) return { complete: false, reason: "the file ends inside a box header" };
    const header = await read(offset, Math.min(offset + 15, size - 1));
    let boxSize = header.readUInt32BE(0);
    const type = header.subarray(4, 8).toString("latin1");
    if (boxSize === 0) return { complete: true }; // "to the end of the file"
    if (boxSize === 1) {
      if (header.length < 16) return { complete: false, reason: `the file ends inside the header of box ${type}` };
      boxSize = Number(header.readBigUInt64BE(8));
    }
    if (boxSize < 8) return { complete: false, reason: `box ${JSON.stringify(type)} has an impossible size` };
    if (offset + boxSize > size) {
      return { complete: false, reason: `box ${type} needs ${offset + boxSize} bytes but the file has ${size}` };
    }
    offset += boxSize;
  }
  return { complete: true }; // too many boxes to walk cheaply; ffprobe still checks the rest
}

/** Reads an EBML variable-length integer at `pos`; `unknown` when all value bits are set. */
function readVint(
  buf: Buffer,
  pos: number,
  keepMarker: boolean,
): { value: number; length: number; unknown: boolean } | null {
  const first = buf[pos];
  if (first === undefined || first === 0) return null;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8 || pos + length > buf.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = (first & (0xff >> length)) === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const b = buf[pos + i] as number;
    value = value * 256 + b;
    if (b !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

/**
 * Matroska/WebM: the Segment element after the EBML header declares its size
 * (unless it was written live with "unknown size"); a cut file is shorter.
 */
export async function checkMatroskaComplete(size: number, read: ReadRange): Promise<Completeness> {
  const head = await read(0, Math.min(255, size - 1));
  const id = readVint(head, 0, true);
  const headerSize = id && readVint(head, id.length, false);
  if (!id || !headerSize) return { complete: false, reason: "the EBML header is damaged" };
  const segmentAt = id.length + headerSize.length + headerSize.value;
  const segId = readVint(head, segmentAt, true);
  const segSize = segId && readVint(head, segmentAt + segId.length, false);
  if (!segId || !segSize) return { complete: false, reason: "the file ends before its first segment" };
  if (segSize.unknown) return { complete: true };
  const end = segmentAt + segId.length + segSize.length + segSize.value;
  if (end > size) return { complete: false, reason: `the segment needs ${end} bytes but the file has ${size}` };
  return { complete: true };
}

/** Checks a container whose structure declares its own length; other containers pass (ffprobe checks them). */
export async function checkContainerComplete(opts: {
  container: string;
  size: number;
  read: ReadRange;
}): Promise<Completeness> {
  if (opts.container === "mp4" || opts.container === "mov") return checkIsoBmffComplete(opts.size, opts.read);
  if (opts.container === "matroska") return checkMatroskaComplete(opts.size, opts.read);
  return { complete: true };
}
