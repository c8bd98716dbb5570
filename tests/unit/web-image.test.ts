import sharp from 'sharp';
import { toWebImage } from '../../server/src/domain/web-image';

const png = (channels: 3 | 4, alpha = 255) =>
  sharp({ create: { width: 64, height: 36, channels, background: { r: 30, g: 120, b: 200, alpha: alpha / 255 } } }).png().toBuffer();

describe('toWebImage', () => {
  it('re-encodes an opaque PNG as JPEG', async () => {
    const result = await toWebImage({ bytes: await png(3), mimeType: 'image/png', extension: 'png' }, 'jpeg');
    expect(result.mimeType).toBe('image/jpeg');
    expect(result.extension).toBe('jpg');
    expect((await sharp(result.bytes).metadata()).format).toBe('jpeg');
  });

  it('treats a PNG with an alpha channel that is fully opaque as opaque', async () => {
    const result = await toWebImage({ bytes: await png(4, 255), mimeType: 'image/png', extension: 'png' }, 'jpeg');
    expect(result.mimeType).toBe('image/jpeg');
  });

  it('keeps an image with real transparency as it is', async () => {
    const bytes = await png(4, 100);
    const result = await toWebImage({ bytes, mimeType: 'image/png', extension: 'png' }, 'jpeg');
    expect(result.bytes).toBe(bytes);
    expect(result.mimeType).toBe('image/png');
  });

  it("'original' keeps Scenario's file untouched", async () => {
    const bytes = await png(3);
    expect((await toWebImage({ bytes, mimeType: 'image/png', extension: 'png' }, 'original')).bytes).toBe(bytes);
  });
});
