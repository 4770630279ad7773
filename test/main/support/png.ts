/** Reads back an RGBA PNG (8 bits, no interlace, any row filter), to test the encoder and the icon files. */
import { crc32, inflateSync } from 'node:zlib';
import type { Bitmap } from '../../../electron/main/bitmap.ts';

export function decodePng(png: Buffer): Bitmap {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (png.readUInt32BE(offset + 8 + length) !== crc32(png.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0) throw new Error('only 8-bit RGBA, not interlaced');
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)];
    for (let column = 0; column < stride; column++) {
      const value = raw[row * (stride + 1) + 1 + column] ?? 0;
      const left = column >= 4 ? (data[row * stride + column - 4] ?? 0) : 0;
      const up = row > 0 ? (data[(row - 1) * stride + column] ?? 0) : 0;
      const upLeft = row > 0 && column >= 4 ? (data[(row - 1) * stride + column - 4] ?? 0) : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = Math.floor((left + up) / 2);
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      data[row * stride + column] = (value + predicted) & 255;
    }
  }
  return { width, height, data };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function pixel(bitmap: Bitmap, x: number, y: number): [number, number, number, number] {
  const index = (y * bitmap.width + x) * 4;
  return [bitmap.data[index] ?? 0, bitmap.data[index + 1] ?? 0, bitmap.data[index + 2] ?? 0, bitmap.data[index + 3] ?? 0];
}
