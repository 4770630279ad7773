/**
 * A tiny RGBA canvas for the tray and app icons: shapes given as signed distance functions (so
 * edges are anti-aliased from one sample per pixel), crisp pixel rectangles for digits, and PNG
 * encoding. Pure code: the icons are tested pixel by pixel without Electron.
 */
import { crc32, deflateSync } from 'node:zlib';

/** Straight (not premultiplied) RGBA, 8 bits per channel, rows top to bottom. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export type Rgba = readonly [number, number, number, number];

/** Signed distance in pixels from a pixel centre to a shape's edge: negative inside. */
export type Shape = (x: number, y: number) => number;

export function hex(color: string, alpha = 255): Rgba {
  const value = Number.parseInt(color.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255, alpha];
}

export class Canvas {
  readonly width: number;
  readonly height: number;
  /** Working pixels as floats 0..1, straight alpha. */
  readonly #pixels: Float32Array;

  constructor(width: number, height = width) {
    this.width = width;
    this.height = height;
    this.#pixels = new Float32Array(width * height * 4);
  }

  /** Paints `color` over the shape, anti-aliased at its edge. */
  fill(shape: Shape, color: Rgba): void {
    this.#eachPixel(shape, (index, coverage) => this.#blend(index, color, coverage));
  }

  /** Makes the shape transparent (cut-outs, such as the gap around the badge). */
  erase(shape: Shape): void {
    this.#eachPixel(shape, (index, coverage) => {
      this.#pixels[index + 3] = (this.#pixels[index + 3] ?? 0) * (1 - coverage);
    });
  }

  /** Fills whole pixels, no anti-aliasing (bitmap-font digits). */
  fillPixels(x: number, y: number, width: number, height: number, color: Rgba): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      for (let column = Math.max(0, x); column < Math.min(this.width, x + width); column++) this.#blend((row * this.width + column) * 4, color, 1);
    }
  }

  toBitmap(): Bitmap {
    const data = new Uint8Array(this.#pixels.length);
    for (let index = 0; index < data.length; index++) data[index] = Math.round(Math.min(1, Math.max(0, this.#pixels[index] ?? 0)) * 255);
    return { width: this.width, height: this.height, data };
  }

  #eachPixel(shape: Shape, paint: (index: number, coverage: number) => void): void {
    for (let row = 0; row < this.height; row++) {
      for (let column = 0; column < this.width; column++) {
        const coverage = Math.min(1, Math.max(0, 0.5 - shape(column + 0.5, row + 0.5)));
        if (coverage > 0) paint((row * this.width + column) * 4, coverage);
      }
    }
  }

  #blend(index: number, color: Rgba, coverage: number): void {
    const pixels = this.#pixels;
    const sourceAlpha = (color[3] / 255) * coverage;
    const destinationAlpha = pixels[index + 3] ?? 0;
    const alpha = sourceAlpha + destinationAlpha * (1 - sourceAlpha);
    if (alpha <= 0) return;
    for (let channel = 0; channel < 3; channel++) {
      const source = (color[channel] ?? 0) / 255;
      pixels[index + channel] = (source * sourceAlpha + (pixels[index + channel] ?? 0) * destinationAlpha * (1 - sourceAlpha)) / alpha;
    }
    pixels[index + 3] = alpha;
  }
}

export function circle(cx: number, cy: number, radius: number): Shape {
  return (x, y) => Math.hypot(x - cx, y - cy) - radius;
}

/** The band between two radii. */
export function ring(cx: number, cy: number, inner: number, outer: number): Shape {
  const middle = (inner + outer) / 2;
  const half = (outer - inner) / 2;
  return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - middle) - half;
}

export function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number): Shape {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const halfWidth = (x1 - x0) / 2 - radius;
  const halfHeight = (y1 - y0) / 2 - radius;
  return (x, y) => {
    const dx = Math.abs(x - cx) - halfWidth;
    const dy = Math.abs(y - cy) - halfHeight;
    return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
  };
}

/** The part of `shape` outside `cut`. */
export function subtract(shape: Shape, cut: Shape): Shape {
  return (x, y) => Math.max(shape(x, y), -cut(x, y));
}

export function union(...shapes: Shape[]): Shape {
  return (x, y) => Math.min(...shapes.map((shape) => shape(x, y)));
}

/** Grows (positive) or shrinks a shape by `by` pixels. */
export function inflate(shape: Shape, by: number): Shape {
  return (x, y) => shape(x, y) - by;
}

/** A shape drawn in a 32×32 design grid, scaled to `size` pixels. */
export function scaled(shape: Shape, size: number): Shape {
  const factor = size / 32;
  return (x, y) => shape(x / factor, y / factor) * factor;
}

/** PNG, colour type 6 (RGBA), 8 bits, no interlace: what nativeImage and the installers read. */
export function encodePng(bitmap: Bitmap): Buffer {
  const { width, height, data } = bitmap;
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (stride + 1)] = 0; // filter: none
    Buffer.from(data.buffer, data.byteOffset + row * stride, stride).copy(raw, row * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}
