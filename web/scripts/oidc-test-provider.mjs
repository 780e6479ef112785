// A real OpenID Connect provider (panva's OpenID Certified `oidc-provider`) on loopback, for
// the server's sign-in tests and the browser e2e. Never for production.
//
// Usage: OIDC_TEST_CLIENTS='[{"client_id":..,"client_secret":..,"redirect_uris":[..]}]' \
//          node scripts/oidc-test-provider.mjs
// Prints one JSON line {"issuer": "http://127.0.0.1:PORT"} once it accepts connections.
//
// Test controls (loopback only, outside the OIDC routes):
//   POST /__test/accounts  {"login", "email"?, "email_verified"?, "name"?}
//        the claims of whoever signs in with that login on the dev login page
//   POST /__test/next-id-token  {"mutation": "tamper" | "wrong_aud" | "expired" | "stale_auth_time"}
//        the next token response carries an ID token changed that way (a misbehaving
//        provider or a man in the middle), signed with the provider's own key where a
//        signature is expected to verify
import { createServer } from "node:http";
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import Provider from "oidc-provider";

const clients = JSON.parse(process.env.OIDC_TEST_CLIENTS ?? "[]");
const accounts = new Map();
let nextMutation = null;

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: "jwk" }), kid: "test-key-1", alg: "RS256", use: "sig" };

const b64url = (data) => Buffer.from(data).toString("base64url");
const decodePart = (part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

function resign(payload, header) {
  const head = b64url(JSON.stringify(header));
  const body = b64url(JSON.stringify(payload));
  const signature = sign("sha256", Buffer.from(`${head}.${body}`), privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

function mutate(idToken, mutation) {
  const [h, p, s] = idToken.split(".");
  const header = decodePart(h);
  const payload = decodePart(p);
  if (mutation === "tamper") {
    // Claims changed after signing: the old signature no longer matches.
    return `${h}.${b64url(JSON.stringify({ ...payload, email: "attacker@example.com" }))}.${s}`;
  }
  if (mutation === "wrong_aud")
    return resign({ ...payload, aud: "some-other-client", azp: "some-other-client" }, header);
  if (mutation === "expired") {
    const past = Math.floor(Date.now() / 1000) - 3600;
    return resign({ ...payload, iat: past - 600, exp: past }, header);
  }
  if (mutation === "stale_auth_time") {
    // A provider that answered from an old session instead of asking the person to sign in.
    return resign({ ...payload, auth_time: Math.floor(Date.now() / 1000) - 3600 }, header);
  }
  throw new Error(`unknown mutation ${mutation}`);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

const server = createServer();
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      ...c,
    })),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Scope claims in the ID token too, as most providers do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const account = accounts.get(id) ?? {};
      return {
        accountId: id,
        async claims() {
          const claims = { sub: id };
          if (account.email !== undefined) claims.email = account.email;
          if (account.email_verified !== undefined) claims.email_verified = account.email_verified;
          if (account.name !== undefined) claims.name = account.name;
          return claims;
        },
      };
    },
    // Consent is given once per account and client, silently: the tests sign in, not consent.
    async loadExistingGrant(ctx) {
      const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({
        accountId: ctx.oidc.session.accountId,
        clientId: ctx.oidc.client.clientId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === "/token" && nextMutation && ctx.body && typeof ctx.body === "object" && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: mutate(ctx.body.id_token, nextMutation) };
      nextMutation = null;
    }
  });
  const oidc = provider.callback();
  server.on("request", async (req, res) => {
    if (req.url?.startsWith("/__test/") && req.method === "POST") {
      try {
        const body = await readJson(req);
        if (req.url === "/__test/accounts") accounts.set(body.login, body);
        else if (req.url === "/__test/next-id-token") nextMutation = body.mutation;
        else throw new Error(`unknown control ${req.url}`);
        res.writeHead(204).end();
      } catch (err) {
        res.writeHead(400, { "content-type": "text/plain" }).end(String(err));
      }
      return;
    }
    oidc(req, res);
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
