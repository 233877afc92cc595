// What a ZIP (a DOCX) would expand to, read from its central directory alone — nothing is
// inflated — so a zip bomb is refused before any decompressor sees it.
export interface ZipSummary {
  entries: number;
  compressed: number;
  uncompressed: number;
  names: string[];
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** undefined when the central directory cannot be read (truncated or not a ZIP). */
export function zipSummary(buffer: Buffer): ZipSummary | undefined {
  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  const floor = Math.max(0, buffer.length - 22 - 65_535);
  let eocd = -1;
  for (let at = buffer.length - 22; at >= floor; at--) {
    if (buffer.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const summary: ZipSummary = { entries: 0, compressed: 0, uncompressed: 0, names: [] };
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL) return undefined;
    summary.compressed += buffer.readUInt32LE(at + 20);
    summary.uncompressed += buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    summary.names.push(buffer.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    summary.entries++;
  }
  return summary;
}
