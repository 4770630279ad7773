/**
 * *Copy as curl*: a notification's request as a command for a POSIX shell. Every argument is in
 * single quotes (a quote inside becomes '\''), so no `$`, backtick or newline is ever read by the
 * shell. It carries what the window was given, which never holds a secret: the URL with its user
 * info masked, credential headers as `***` (left out: the masked URL stands for them).
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Headers the window shows redacted, and that curl would send as they stand: not copied. */
const LEFT_OUT = new Set(['authorization', 'proxy-authorization', 'cookie', 'content-length', 'host']);

export function curlCommand(request: { url: string; headers: Record<string, string>; body: string }): string {
  const lines = ['curl -X POST', shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    if (!LEFT_OUT.has(name.toLowerCase())) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  lines.push(`--data-binary ${shellQuote(request.body)}`);
  return lines.join(' \\\n  ');
}
