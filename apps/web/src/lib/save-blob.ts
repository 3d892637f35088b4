/** Hands a fetched file to the browser as a download (a plain link could not carry the bearer token). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has started from the URL by the next tick; revoking later is harmless.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
