/**
 * JSON over HTTPS to the servers of one run (Kubernetes API servers, Vault), trusting only the run's CA.
 * Bodies are never logged: Vault answers carry tokens.
 */
import { request } from "node:https";
import { readFileSync } from "node:fs";

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

export class HttpClient {
  private readonly ca: Buffer;
  constructor(
    readonly base: string,
    ca: string | Buffer,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {
    this.ca = typeof ca === "string" ? readFileSync(ca) : ca;
  }

  /** The same server with more (or other) headers, such as another token. */
  with(headers: Readonly<Record<string, string>>): HttpClient {
    return new HttpClient(this.base, this.ca, { ...this.headers, ...headers });
  }

  call(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<HttpAnswer> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.ca,
          headers: { accept: "application/json", ...this.headers, ...(payload !== undefined ? { "content-type": contentType } : {}) },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            if (text.length > 0 && /json/.test(String(res.headers["content-type"] ?? ""))) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${url.pathname}: timed out`)));
      req.on("error", reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Like `call`, but anything other than 2xx is an error naming the path and status (never the body of a success). */
  async ok(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown> {
    const a = await this.call(method, path, body, contentType);
    if (a.status < 200 || a.status > 299) throw new Error(`${method} ${path}: HTTP ${a.status}: ${errorText(a.body)}`);
    return a.body;
  }
}

/** The error part of an answer (Vault's `errors`, Kubernetes' `message`), cut short. */
export function errorText(body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as { errors?: unknown; message?: unknown };
    if (Array.isArray(b.errors)) return b.errors.map(String).join("; ").slice(0, 500);
    if (typeof b.message === "string") return b.message.slice(0, 500);
  }
  return String(body).slice(0, 500);
}
