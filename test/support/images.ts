import sharp from "sharp";

/** The EXIF GPS block a phone camera writes (Sa Pa): what uploads must lose. */
export const SA_PA_GPS_EXIF = {
  IFD3: {
    GPSLatitudeRef: "N",
    GPSLatitude: "22/1 20/1 11/1",
    GPSLongitudeRef: "E",
    GPSLongitude: "103/1 50/1 37/1",
  },
};

/** A real JPEG photo with EXIF GPS tags, as a phone camera would produce. */
export async function photoWithGps(color = { r: 200, g: 120, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: color } })
    .jpeg()
    .withExif(SA_PA_GPS_EXIF)
    .toBuffer();
}

/** A small real PDF. */
export function tinyPdf(text = "Ket qua"): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R>>endobj\n4 0 obj<</Length ${20 + text.length}>>stream\nBT /F1 12 Tf 10 50 Td (${text}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body);
}
