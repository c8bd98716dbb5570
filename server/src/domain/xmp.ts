/**
 * AI disclosure inside the image file: an XMP packet with IPTC's digital source type, the AI system used and the
 * creation date, written into JPEG (APP1 segment) and PNG (iTXt chunk) bytes without re-encoding the picture, and
 * through sharp for other formats. The prompt is never written: the file says what it is, not what was asked.
 */
import { crc32 } from 'node:zlib';
import sharp, { type FormatEnum, type OutputInfo } from 'sharp';

const IPTC_SOURCE_TYPES = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
/** What a generative model made (IPTC: "trained algorithmic media"). */
export const AI_GENERATED = `${IPTC_SOURCE_TYPES}trainedAlgorithmicMedia`;
/** What software drew by rule, with no trained model (IPTC: "algorithmic media"): our placeholders. */
export const ALGORITHMIC = `${IPTC_SOURCE_TYPES}algorithmicMedia`;

export interface XmpFacts {
  digitalSourceType: string;
  /** "Scenario" and the model id, for generated images only. */
  aiSystemUsed?: string;
  /** ISO date and time of creation. */
  createdAt: string;
  creatorTool: string;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The XMP packet (IPTC Photo Metadata: Iptc4xmpExt:DigitalSourceType and AISystemUsed; xmp:CreateDate). */
export function xmpPacket(facts: XmpFacts): string {
  const system = facts.aiSystemUsed ? `\n   <Iptc4xmpExt:AISystemUsed>${escapeXml(facts.aiSystemUsed)}</Iptc4xmpExt:AISystemUsed>` : '';
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    Iptc4xmpExt:DigitalSourceType="${escapeXml(facts.digitalSourceType)}"
    xmp:CreateDate="${escapeXml(facts.createdAt)}"
    xmp:CreatorTool="${escapeXml(facts.creatorTool)}">${system}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

const JPEG_XMP_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_XMP_KEYWORD = Buffer.from('XML:com.adobe.xmp\0', 'latin1');
/** A JPEG segment's length field counts itself and must fit in 16 bits. */
const MAX_JPEG_SEGMENT = 0xffff - 2;

const isJpeg = (b: Buffer) => b.length > 4 && b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Buffer) => b.length > 33 && b.subarray(0, 8).equals(PNG_SIGNATURE);

/** JPEG: an APP1 XMP segment after SOI and any APP0 (JFIF), an earlier XMP segment replaced. */
function jpegWithXmp(bytes: Buffer, xmp: Buffer): Buffer | null {
  if (JPEG_XMP_HEADER.length + xmp.length > MAX_JPEG_SEGMENT) return null;
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let insertAt = 1;
  let at = 2;
  // Walk the marker segments before the image data; stop at SOS (0xDA), where entropy-coded data begins.
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1];
    if (marker === 0xda || marker === 0xd9) break;
    const length = bytes.readUInt16BE(at + 2);
    const segment = bytes.subarray(at, at + 2 + length);
    const isXmp = marker === 0xe1 && segment.subarray(4, 4 + JPEG_XMP_HEADER.length).equals(JPEG_XMP_HEADER);
    if (!isXmp) {
      kept.push(segment);
      if (marker === 0xe0) insertAt = kept.length;
    }
    at += 2 + length;
  }
  if (at + 2 > bytes.length || bytes[at] !== 0xff) return null;
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(2 + JPEG_XMP_HEADER.length + xmp.length, 2);
  kept.splice(insertAt, 0, Buffer.concat([header, JPEG_XMP_HEADER, xmp]));
  kept.push(bytes.subarray(at));
  return Buffer.concat(kept);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** PNG: an iTXt chunk "XML:com.adobe.xmp" (uncompressed) after IHDR, an earlier one replaced. */
function pngWithXmp(bytes: Buffer, xmp: Buffer): Buffer | null {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  let inserted = false;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) return null;
    const chunk = bytes.subarray(at, end);
    const isXmp = type === 'iTXt' && chunk.subarray(8, 8 + PNG_XMP_KEYWORD.length).equals(PNG_XMP_KEYWORD);
    if (!isXmp) parts.push(chunk);
    if (type === 'IHDR' && !inserted) {
      // Keyword, compression flag 0 and method 0, empty language tag and translated keyword, then the text.
      parts.push(pngChunk('iTXt', Buffer.concat([PNG_XMP_KEYWORD, Buffer.from([0, 0, 0, 0]), xmp])));
      inserted = true;
    }
    at = end;
    if (type === 'IEND') break;
  }
  return inserted ? Buffer.concat(parts) : null;
}

/**
 * The image with the XMP packet in it. JPEG and PNG keep their picture bytes as they are; another format (WebP,
 * AVIF...) is written again by sharp with the packet, in the same format.
 */
export async function withXmp(bytes: Buffer, packet: string): Promise<Buffer> {
  const xmp = Buffer.from(packet, 'utf8');
  const direct = isJpeg(bytes) ? jpegWithXmp(bytes, xmp) : isPng(bytes) ? pngWithXmp(bytes, xmp) : null;
  if (direct) return direct;
  const image = sharp(bytes, { animated: true });
  const { format } = await image.metadata();
  return image.keepMetadata().withXmp(packet).toFormat(format as keyof FormatEnum).toBuffer();
}

/**
 * Where the picture's subject is, in percent of its width and height (Strapi's focal point): sharp's attention
 * strategy (luminance, saturation and skin tones) picks the region a square (or, for a tall picture, a 16:9) crop
 * keeps.
 */
export async function focalPoint(bytes: Buffer): Promise<{ x: number; y: number } | null> {
  const { width, height } = await sharp(bytes).metadata();
  if (!width || !height) return null;
  const [w, h] = width >= height ? [height, height] : [width, Math.round((width * 9) / 16)];
  const { info } = await sharp(bytes)
    .resize(w, h, { fit: 'cover', position: sharp.strategy.attention })
    .toBuffer({ resolveWithObject: true });
  const { attentionX, attentionY } = info as OutputInfo & { attentionX?: number; attentionY?: number };
  if (attentionX === undefined || attentionY === undefined) return null;
  const percent = (v: number, of: number) => Math.round(Math.min(100, Math.max(0, (100 * v) / of)) * 10) / 10;
  return { x: percent(attentionX, width), y: percent(attentionY, height) };
}
