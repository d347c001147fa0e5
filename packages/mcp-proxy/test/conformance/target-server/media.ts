/**
 * Small binary fixtures the conformance target returns as image, audio and blob content.
 * They are built here from their format definitions, so no binary file ships with the tests.
 */
import { crc32, deflateSync } from 'node:zlib';

/** Base64 of a 1x1 PNG holding one opaque red pixel (8-bit RGB). */
export const RED_PIXEL_PNG_BASE64 = encodePng().toString('base64');

/** Base64 of a 0.1 s WAV file: 8 kHz, mono, 8-bit PCM silence. */
export const SILENT_WAV_BASE64 = encodeWav(8000, 800).toString('base64');

function encodePng(): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour (RGB)
  // Bytes 10-12 (compression, filter, interlace) stay 0, the only values PNG defines.

  // One scanline: filter type 0 (none), then the red pixel.
  const pixels = deflateSync(Buffer.from([0, 0xff, 0x00, 0x00]));

  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, checksum]);
}

function encodeWav(sampleRateHz: number, sampleCount: number): Buffer {
  const headerBytes = 44;
  const wav = Buffer.alloc(headerBytes + sampleCount);

  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(headerBytes - 8 + sampleCount, 4);
  wav.write('WAVE', 8, 'ascii');

  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // size of the fmt chunk
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // channels
  wav.writeUInt32LE(sampleRateHz, 24);
  wav.writeUInt32LE(sampleRateHz, 28); // bytes per second at 1 byte per sample
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample

  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(sampleCount, 40);
  // 8-bit PCM is unsigned, so 128 is the zero line.
  wav.fill(128, headerBytes);

  return wav;
}
