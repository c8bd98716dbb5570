import sharp from 'sharp';

export type ImageFormatSetting = 'jpeg' | 'original';

export interface WebImage {
  bytes: Buffer;
  mimeType: string;
  extension: string;
}

/**
 * Generated images usually arrive as PNG: lossless, and for photographic pictures five to ten times the size of a
 * high-quality JPEG that looks the same, which every page that shows the article then downloads (and Strapi's
 * responsive formats are slower to make from it). 'jpeg' re-encodes opaque images at quality 90; an image with
 * transparency is kept as it is, since JPEG would flatten it. 'original' keeps Scenario's file untouched.
 */
export async function toWebImage(image: WebImage, format: ImageFormatSetting): Promise<WebImage> {
  if (format === 'original' || image.mimeType === 'image/jpeg') return image;
  const picture = sharp(image.bytes);
  const { hasAlpha } = await picture.metadata();
  if (hasAlpha && !(await picture.stats()).isOpaque) return image;
  const bytes = await picture.flatten({ background: '#ffffff' }).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
  return { bytes, mimeType: 'image/jpeg', extension: 'jpg' };
}
