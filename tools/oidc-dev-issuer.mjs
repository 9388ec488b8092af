#!/usr/bin/env node
// A small OpenID Connect issuer that plays Pro Santé Connect for the demo (scripts/run) and the tests
// (tests/support/DevIssuer): discovery, /authorize (auto-approves: no login form), /token (authorization code +
// PKCE S256), /jwks. Its RSA key is generated at each start. Node's standard library only.
//
//   node tools/oidc-dev-issuer.mjs --port 8444 --cert server-chain.pem --key server.key [--client-id sas-gateway-dev]
//        [--test-controls]
//
// The signed-in user is the demo regulator (--national-id, --given-name, --family-name change it). With
// --test-controls, POST /test/next-token {"tamper": "expired" | "audience" | "issuer" | "signature" | "nonce" |
// "future"} spoils the next ID token, so tests see the gateway refuse it, and POST /test/next-user
// {"nationalId": "810002909371", "givenName": …, "familyName": …} signs the next /authorize in as that practitioner.
// Prints one JSON line {"issuer": "https://localhost:<port>"} on stdout once listening.
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1] && !all[i + 1].startsWith("--") ? all[i + 1] : true]);
    return pairs;
  }, []));
const port = Number(args.port ?? 8444);
const clientId = args["client-id"] ?? "sas-gateway-dev";
const testControls = Boolean(args["test-controls"]);

function user(nationalId, givenName, familyName) {
  return { sub: `f:dev:${nationalId}`, SubjectNameID: nationalId, preferred_username: nationalId,
           given_name: givenName, family_name: familyName };
}
const DEMO_REGULATOR = user(args["national-id"] ?? "899900000001", args["given-name"] ?? "Sébastien",
                            args["family-name"] ?? "Loridon");
let nextUser = null;

const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const kid = crypto.randomBytes(8).toString("hex");
const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
const codes = new Map(); // code → {clientId, redirectUri, nonce, challenge, user, expires}
let nextTamper = null;
let issuer = "";

const b64url = (data) => Buffer.from(data).toString("base64url");

function sign(claims, spoil) {
  const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const payload = b64url(JSON.stringify(claims));
  let signature = crypto.sign("sha256", Buffer.from(`${header}.${payload}`), privateKey);
  if (spoil === "signature") {
    signature = Buffer.from(signature);
    signature[10] ^= 0xff;
  }
  return `${header}.${payload}.${b64url(signature)}`;
}

function idToken(grant) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer, aud: clientId, sub: grant.user.sub, iat: now, nbf: now, exp: now + 300,
                   nonce: grant.nonce, acr: "eidas1", ...grant.user };
  const tamper = nextTamper;
  nextTamper = null;
  if (tamper === "expired") Object.assign(claims, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
  if (tamper === "future") Object.assign(claims, { iat: now + 3600, nbf: now + 3600, exp: now + 7200 });
  if (tamper === "audience") claims.aud = "another-client";
  if (tamper === "issuer") claims.iss = "https://elsewhere.invalid/auth";
  if (tamper === "nonce") claims.nonce = "not-the-nonce";
  return sign(claims, tamper);
}

function send(response, status, body, headers = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
                               "Cache-Control": "no-store", ...headers });
  response.end(text);
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
      if (body.length > 65536) reject(new Error("body too large"));
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

function authorize(url, response) {
  const q = url.searchParams;
  if (q.get("client_id") !== clientId) return send(response, 400, { error: "unauthorized_client" });
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!/^https:\/\//.test(redirectUri)) return send(response, 400, { error: "invalid_request", error_description: "redirect_uri" });
  if (q.get("response_type") !== "code" || q.get("code_challenge_method") !== "S256" || !q.get("code_challenge"))
    return send(response, 400, { error: "invalid_request" });
  const signedIn = nextUser ?? DEMO_REGULATOR;
  nextUser = null;
  const code = crypto.randomBytes(24).toString("base64url");
  codes.set(code, { redirectUri, nonce: q.get("nonce"), challenge: q.get("code_challenge"), user: signedIn,
                    expires: Date.now() + 60000 });
  const target = new URL(redirectUri);
  target.searchParams.set("code", code);
  if (q.get("state")) target.searchParams.set("state", q.get("state"));
  send(response, 302, "", { Location: target.toString() });
}

async function token(request, response) {
  const form = new URLSearchParams(await readBody(request));
  const grant = codes.get(form.get("code") ?? "");
  codes.delete(form.get("code") ?? ""); // one use, whatever happens
  if (form.get("grant_type") !== "authorization_code" || !grant || grant.expires < Date.now())
    return send(response, 400, { error: "invalid_grant" });
  if (form.get("client_id") !== clientId || form.get("redirect_uri") !== grant.redirectUri)
    return send(response, 400, { error: "invalid_grant" });
  const challenge = crypto.createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url");
  if (challenge !== grant.challenge) return send(response, 400, { error: "invalid_grant", error_description: "PKCE" });
  send(response, 200, { access_token: crypto.randomBytes(24).toString("base64url"), token_type: "Bearer",
                        expires_in: 300, id_token: idToken(grant) });
}

const server = https.createServer({ cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) },
  async (request, response) => {
    try {
      const url = new URL(request.url, issuer);
      if (request.method === "GET" && url.pathname === "/.well-known/openid-configuration")
        return send(response, 200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`,
                                     jwks_uri: `${issuer}/jwks`, response_types_supported: ["code"],
                                     subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["RS256"],
                                     code_challenge_methods_supported: ["S256"] });
      if (request.method === "GET" && url.pathname === "/authorize") return authorize(url, response);
      if (request.method === "POST" && url.pathname === "/token") return await token(request, response);
      if (request.method === "GET" && url.pathname === "/jwks") return send(response, 200, { keys: [jwk] });
      if (testControls && request.method === "POST" && url.pathname === "/test/next-token") {
        nextTamper = JSON.parse((await readBody(request)) || "{}").tamper ?? null;
        return send(response, 200, { tamper: nextTamper });
      }
      if (testControls && request.method === "POST" && url.pathname === "/test/next-user") {
        const wanted = JSON.parse((await readBody(request)) || "{}");
        nextUser = user(String(wanted.nationalId), wanted.givenName ?? "", wanted.familyName ?? "");
        return send(response, 200, nextUser);
      }
      send(response, 404, { error: "not_found" });
    } catch (error) {
      send(response, 500, { error: "server_error", error_description: String(error.message) });
    }
  });

server.listen(port, "127.0.0.1", () => {
  issuer = `https://localhost:${server.address().port}`;
  process.stdout.write(JSON.stringify({ issuer }) + "\n");
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
