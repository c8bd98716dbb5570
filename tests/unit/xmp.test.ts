import exifr from 'exifr';
import sharp from 'sharp';
import { AI_GENERATED, ALGORITHMIC, focalPoint, withXmp, xmpPacket } from '../../server/src/domain/xmp';

const packet = xmpPacket({
  digitalSourceType: AI_GENERATED,
  aiSystemUsed: 'Scenario model_flux.1-dev',
  createdAt: '2026-12-03T10:00:00.000Z',
  creatorTool: 'strapi-plugin-auto-illustration',
});

async function picture(format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 36, channels: 3, background: '#336699' } })[format]().toBuffer();
}

async function readXmp(bytes: Buffer) {
  return (await exifr.parse(bytes, { xmp: true, tiff: false, exif: false, multiSegment: true, mergeOutput: false })) as
    | { Iptc4xmpExt?: Record<string, unknown>; xmp?: Record<string, unknown> }
    | undefined;
}

describe('XMP disclosure in the file', () => {
  it.each(['jpeg', 'png'] as const)('%s: a parser reads the source type, the AI system and the date', async (format) => {
    const bytes = await withXmp(await picture(format), packet);
    const xmp = await readXmp(bytes);
    expect(xmp?.Iptc4xmpExt?.DigitalSourceType).toBe(AI_GENERATED);
    expect(xmp?.Iptc4xmpExt?.AISystemUsed).toBe('Scenario model_flux.1-dev');
    expect(String(xmp?.xmp?.CreateDate)).toContain('2026-12-03');
    expect((await sharp(bytes).metadata()).format).toBe(format);
  });

  it.each(['jpeg', 'png'] as const)('%s: the picture is not re-encoded, and writing again replaces the packet', async (format) => {
    const original = await picture(format);
    const once = await withXmp(original, packet);
    const placeholder = xmpPacket({ digitalSourceType: ALGORITHMIC, createdAt: '2026-12-04T00:00:00Z', creatorTool: 't' });
    const twice = await withXmp(once, placeholder);
    expect((await sharp(once).raw().toBuffer()).equals(await sharp(original).raw().toBuffer())).toBe(true);
    expect(twice.length - original.length).toBe(Buffer.byteLength(placeholder) + (format === 'jpeg' ? 33 : 12 + 22));
    const xmp = await readXmp(twice);
    expect(xmp?.Iptc4xmpExt?.DigitalSourceType).toBe(ALGORITHMIC);
    expect(xmp?.Iptc4xmpExt?.AISystemUsed).toBeUndefined();
  });

  it('webp (rewritten by sharp) carries the packet too', async () => {
    const bytes = await withXmp(await picture('webp'), packet);
    const { format, xmp } = await sharp(bytes).metadata();
    expect(format).toBe('webp');
    expect(xmp?.toString('utf8')).toContain(AI_GENERATED);
  });

  it('escapes what it writes and never carries a prompt', () => {
    const odd = xmpPacket({ digitalSourceType: AI_GENERATED, aiSystemUsed: 'Scenario <a> & "b"', createdAt: 'x', creatorTool: 't' });
    expect(odd).toContain('Scenario &lt;a&gt; &amp; &quot;b&quot;');
    expect(packet).not.toMatch(/prompt/i);
  });
});

describe('focal point', () => {
  it('lies on the salient region of a wide picture', async () => {
    const spot = await sharp({ create: { width: 60, height: 60, channels: 3, background: '#ff2200' } }).png().toBuffer();
    const bytes = await sharp({ create: { width: 1200, height: 675, channels: 3, background: '#223344' } })
      .composite([{ input: spot, left: 1000, top: 500 }])
      .jpeg()
      .toBuffer();
    const point = await focalPoint(bytes);
    expect(point!.x).toBeGreaterThan(75);
    expect(point!.y).toBeGreaterThan(60);
  });
});
