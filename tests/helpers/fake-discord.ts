/**
 * A fake Discord for the tests, on 127.0.0.1: the REST routes the bot uses and a WebSocket
 * gateway (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK, dispatches). The real
 * discord.js client connects to it through DISCORD_API_BASE. Every request is recorded, with
 * the time it arrived, so tests assert on what reached "Discord".
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { WebSocketServer, type WebSocket } from "ws";

export const IDS = {
  app: "100000000000000001",
  bot: "100000000000000002",
  guild: "100000000000000003",
  channel: "100000000000000004",
  thread: "100000000000000005",
  dm: "100000000000000006",
} as const;

/** Where a message or command is sent: the channel (default), or the thread in it. */
export interface Where {
  channelId?: string;
  /** The id of the message this one replies to (a reply pings its author, as Discord does by default). */
  replyTo?: string;
}

export const PERMISSIONS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageGuild: 1n << 5n,
  manageMessages: 1n << 13n,
  readMessageHistory: 1n << 16n,
  pinMessages: 1n << 51n,
} as const;

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: any;
  at: number;
  /** The message the fake created for this request, if any. */
  response?: any;
}

/** A command option as Discord sends it: a value, or a subcommand (type 1) with its own options. */
export interface CommandOption {
  name: string;
  type: number;
  value?: unknown;
  options?: CommandOption[];
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

const botUser = { id: IDS.bot, username: "citebot", discriminator: "0", global_name: null, avatar: null, bot: true };

function userPayload(u: FakeUser) {
  return { id: u.id, username: u.username, discriminator: "0", global_name: u.username, avatar: null, ...(u.bot ? { bot: true } : {}) };
}

function memberPayload(u: FakeUser, permissions: bigint) {
  return {
    user: userPayload(u),
    roles: [],
    permissions: permissions.toString(),
    joined_at: "2025-01-01T00:00:00.000Z",
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    pending: false,
  };
}

/** The active thread in #general (`IDS.thread`). */
function threadPayload() {
  return {
    id: IDS.thread,
    type: 11,
    guild_id: IDS.guild,
    parent_id: IDS.channel,
    owner_id: "100000000000000099",
    name: "follow-ups",
    last_message_id: null,
    message_count: 0,
    member_count: 2,
    rate_limit_per_user: 0,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: "2025-01-01T00:00:00.000Z", locked: false },
  };
}

/** Ids made in the same millisecond differ by a counter (random bits could collide when a test seeds hundreds of messages). */
let snowflakeCounter = Math.floor(Math.random() * 4_000_000);
function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1) % 4_194_304;
  return ((BigInt(Date.now() - 1420070400000) << 22n) | BigInt(snowflakeCounter)).toString();
}

export interface FakeDiscord {
  apiBase: string;
  requests: RecordedRequest[];
  /** Identify payloads received on the gateway. */
  identifies: any[];
  /** Gateway connections open now. */
  readonly openConnections: number;
  /** Messages the bot created or edited, and messages seeded by `seedMessage`, by id. */
  messages: Map<string, any>;
  /** Pinned messages of each channel, oldest pin first: by the Pin button or `pin`. */
  pins: Map<string, { messageId: string; pinnedAt: string }[]>;
  /** Requests that fail with a Discord error (the first rule matching method and path), e.g. 50013 on listing pins. */
  routeErrors: { method: string; path: RegExp; error: { status: number; code: number; message: string } }[];
  /** When set, pin requests fail with this Discord error. */
  pinError: { status: number; code: number; message: string } | null;
  /**
   * Holds the responses to interaction callbacks (a Discord slow for exactly as long as the test
   * needs) until the returned function is called; the requests are recorded on arrival as always.
   */
  holdCallbacks(): () => void;
  ready(): Promise<void>;
  /** Sends an /ask (or another command) as a member, in the channel or `where.channelId`; returns the interaction id and when it was sent. */
  command(
    name: string,
    options: CommandOption[],
    user: FakeUser,
    permissions?: bigint,
    where?: Where,
  ): { id: string; token: string; sentAt: number };
  /** Sends a command in a direct message with the bot: no server, no member, no permissions. */
  directCommand(name: string, options: CommandOption[], user: FakeUser): { id: string; token: string };
  /** Presses a button on a message the bot sent. */
  button(customId: string, messageId: string, user: FakeUser, permissions?: bigint, appPermissions?: bigint): { id: string; token: string };
  /** Posts a channel message; `mentionBot` adds the bot to its mentions; `where` puts it in a thread or makes it a reply. */
  message(content: string, author: FakeUser, mentionBot: boolean, where?: Where): string;
  /** Adds a message to a channel (as the bot by default, or `author`) without telling the bot, as if it had been posted earlier. */
  seedMessage(channelId: string, body: { content?: string; embeds?: unknown[]; components?: unknown[] }, author?: FakeUser): string;
  /** Pins a message in its channel, at `pinnedAt` (default: now). */
  pin(messageId: string, pinnedAt?: Date): void;
  /** Resolves with the first recorded request matching, waiting up to `timeoutMs`. */
  waitFor(match: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const DEFAULT_MEMBER_PERMISSIONS = PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.readMessageHistory;
export const BOT_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.pinMessages;

export interface FakeDiscordOptions {
  /** Shards `GET /gateway/bot` recommends (what discord.js uses with `shards: "auto"`). */
  recommendedShards?: number;
  /**
   * Identifies allowed at once (`session_start_limit.max_concurrency`); discord.js waits 5 s
   * between identifies of shards in the same bucket, so sharding tests raise it.
   */
  maxConcurrency?: number;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const requests: RecordedRequest[] = [];
  const identifies: any[] = [];
  const messages = new Map<string, any>();
  const pins = new Map<string, { messageId: string; pinnedAt: string }[]>();
  const pinMessage = (channelId: string, messageId: string, pinnedAt: string) => {
    const list = pins.get(channelId) ?? [];
    pins.set(channelId, [...list.filter((p) => p.messageId !== messageId), { messageId, pinnedAt }]);
    const message = messages.get(messageId);
    if (message) message.pinned = true;
  };
  /** Newest pin first, as Discord lists them; `before` is an ISO time (the new endpoint's cursor). */
  const pinnedBefore = (channelId: string, before: string | null) =>
    (pins.get(channelId) ?? [])
      .filter((p) => messages.has(p.messageId) && (before === null || Date.parse(p.pinnedAt) < Date.parse(before)))
      .sort((a, b) => Date.parse(b.pinnedAt) - Date.parse(a.pinnedAt));
  /** The channel each interaction was sent in, by token: its answer is posted there. */
  const interactionChannels = new Map<string, string>();
  const sockets = new Set<WebSocket>();
  let sequence = 0;
  let readyResolve: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (readyResolve = r));
  let origin = "";
  /** Callback responses waiting for the test to release them (see `holdCallbacks`). */
  let heldCallbacks: (() => void)[] | null = null;

  const makeMessage = (channelId: string, body: any, extra: object = {}) => {
    const id = snowflake();
    const message = {
      id,
      channel_id: channelId,
      author: botUser,
      content: body?.content ?? "",
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      type: 0,
      flags: body?.flags ?? 0,
      ...extra,
    };
    messages.set(id, message);
    return message;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, "");
      let body: any = null;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const record: RecordedRequest = {
        method: req.method ?? "GET",
        path,
        query: url.searchParams,
        headers: req.headers,
        body,
        at: performance.now(),
      };
      requests.push(record);
      const json = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
      };
      const created = (message: any) => {
        record.response = message;
        json(200, message);
      };
      if (req.headers.authorization !== "Bot test-token" && !path.startsWith("/interactions/") && !path.startsWith("/webhooks/")) {
        json(401, { message: "401: Unauthorized", code: 0 });
        return;
      }
      let m: RegExpExecArray | null;
      const failure = fake.routeErrors.find((r) => r.method === req.method && r.path.test(path));
      if (failure) {
        json(failure.error.status, { code: failure.error.code, message: failure.error.message });
      } else if (req.method === "GET" && path === "/gateway/bot") {
        json(200, {
          url: origin.replace("http", "ws"),
          shards: options.recommendedShards ?? 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: options.maxConcurrency ?? 1 },
        });
      } else if (req.method === "POST" && /^\/interactions\/\d+\/[\w-]+\/callback$/.test(path)) {
        const respond = () => void res.writeHead(204).end();
        if (heldCallbacks) heldCallbacks.push(respond);
        else respond();
      } else if (req.method === "PATCH" && (m = /^\/webhooks\/(\d+)\/([\w-]+)\/messages\/@original$/.exec(path))) {
        created(
          makeMessage(interactionChannels.get(m[2] as string) ?? IDS.channel, body, { application_id: m[1], webhook_id: m[1], type: 20 }),
        );
      } else if (req.method === "POST" && (m = /^\/webhooks\/(\d+)\/([\w-]+)$/.exec(path))) {
        created(makeMessage(interactionChannels.get(m[2] as string) ?? IDS.channel, body, { application_id: m[1], webhook_id: m[1] }));
      } else if (req.method === "POST" && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
        created(makeMessage(m[1] as string, body, body?.message_reference ? { message_reference: body.message_reference, type: 19 } : {}));
      } else if (req.method === "PUT" && (m = /^\/channels\/(\d+)\/(?:messages\/)?pins\/(\d+)$/.exec(path))) {
        if (fake.pinError) json(fake.pinError.status, { code: fake.pinError.code, message: fake.pinError.message });
        else {
          pinMessage(m[1] as string, m[2] as string, new Date().toISOString());
          res.writeHead(204).end();
        }
      } else if (req.method === "GET" && (m = /^\/channels\/(\d+)\/messages\/pins$/.exec(path))) {
        // Discord's paginated endpoint: up to `limit` (1-50, default 50) pins older than `before`.
        const limit = Math.min(50, Math.max(1, Number(url.searchParams.get("limit") ?? 50)));
        const all = pinnedBefore(m[1] as string, url.searchParams.get("before"));
        json(200, {
          items: all.slice(0, limit).map((p) => ({ pinned_at: p.pinnedAt, message: messages.get(p.messageId) })),
          has_more: all.length > limit,
        });
      } else if (req.method === "PATCH" && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
        const message = messages.get(m[2] as string);
        if (!message || message.channel_id !== m[1]) json(404, { code: 10008, message: "Unknown Message" });
        else if (message.author.id !== botUser.id) json(403, { code: 50005, message: "Cannot edit a message authored by another user" });
        else {
          for (const key of ["content", "embeds", "components", "flags"] as const) if (body && key in body) message[key] = body[key];
          message.edited_timestamp = new Date().toISOString();
          created(message);
        }
      } else if (req.method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
        json(
          200,
          (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: IDS.app, version: "1" })),
        );
      } else {
        json(404, { message: "404: Not Found", code: 0 });
      }
    });
  });

  const gateway = new WebSocketServer({ server });
  const send = (ws: WebSocket, payload: object) => ws.send(JSON.stringify(payload));
  const dispatch = (t: string, d: unknown) => {
    sequence++;
    for (const ws of sockets) send(ws, { op: 0, t, s: sequence, d });
  };
  gateway.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    send(ws, { op: 10, d: { heartbeat_interval: 41250 } });
    ws.on("message", (data) => {
      const payload = JSON.parse(String(data));
      if (payload.op === 1) send(ws, { op: 11 });
      if (payload.op === 2) {
        identifies.push(payload.d);
        // READY goes to the shard that identified only, and names that shard.
        sequence++;
        send(ws, {
          op: 0,
          t: "READY",
          s: sequence,
          d: {
            v: 10,
            user: botUser,
            guilds: [{ id: IDS.guild, unavailable: true }],
            session_id: randomUUID(),
            resume_gateway_url: origin.replace("http", "ws"),
            shard: payload.d.shard ?? [0, 1],
            application: { id: IDS.app, flags: 0 },
          },
        });
        sequence++;
        send(ws, {
          op: 0,
          t: "GUILD_CREATE",
          s: sequence,
          d: {
            id: IDS.guild,
            name: "Test community",
            icon: null,
            owner_id: "100000000000000099",
            unavailable: false,
            member_count: 2,
            large: false,
            features: [],
            joined_at: "2025-01-01T00:00:00.000Z",
            roles: [
              {
                id: IDS.guild,
                name: "@everyone",
                permissions: BOT_PERMISSIONS.toString(),
                position: 0,
                color: 0,
                hoist: false,
                managed: false,
                mentionable: false,
                flags: 0,
              },
            ],
            channels: [
              {
                id: IDS.channel,
                type: 0,
                name: "general",
                guild_id: IDS.guild,
                position: 0,
                permission_overwrites: [],
                nsfw: false,
                topic: null,
                last_message_id: null,
              },
            ],
            // One active thread in #general, as Discord lists the threads the bot can see.
            threads: [threadPayload()],
            members: [{ user: botUser, roles: [], joined_at: "2025-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 }],
            voice_states: [],
            presences: [],
            emojis: [],
            stickers: [],
            stage_instances: [],
            guild_scheduled_events: [],
            soundboard_sounds: [],
          },
        });
        readyResolve();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const channelPayload = (channelId: string, permissions: bigint) =>
    channelId === IDS.thread
      ? { ...threadPayload(), permissions: permissions.toString() }
      : { id: channelId, type: 0, guild_id: IDS.guild, name: "general", permissions: permissions.toString() };

  const interactionBase = (user: FakeUser, permissions: bigint, appPermissions: bigint, channelId: string = IDS.channel) => ({
    id: snowflake(),
    application_id: IDS.app,
    token: `token-${randomUUID()}`,
    version: 1,
    guild_id: IDS.guild,
    channel_id: channelId,
    channel: channelPayload(channelId, permissions),
    member: memberPayload(user, permissions),
    app_permissions: appPermissions.toString(),
    locale: "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { "0": IDS.guild },
    context: 0,
  });

  const fake: FakeDiscord = {
    apiBase: `${origin}/api`,
    requests,
    identifies,
    get openConnections() {
      return sockets.size;
    },
    messages,
    pins,
    routeErrors: [],
    pinError: null,
    holdCallbacks() {
      heldCallbacks ??= [];
      return () => {
        const held = heldCallbacks ?? [];
        heldCallbacks = null;
        for (const respond of held) respond();
      };
    },
    ready: () => readyPromise,
    command(name, options, user, permissions = DEFAULT_MEMBER_PERMISSIONS, where = {}) {
      const base = interactionBase(user, permissions, BOT_PERMISSIONS, where.channelId);
      interactionChannels.set(base.token, base.channel_id);
      const sentAt = performance.now();
      dispatch("INTERACTION_CREATE", { ...base, type: 2, data: { id: snowflake(), name, type: 1, options } });
      return { id: base.id, token: base.token, sentAt };
    },
    directCommand(name, options, user) {
      const dm = {
        id: snowflake(),
        application_id: IDS.app,
        token: `token-${randomUUID()}`,
        version: 1,
        channel_id: IDS.dm,
        channel: { id: IDS.dm, type: 1, recipients: [userPayload(user)] },
      };
      dispatch("INTERACTION_CREATE", {
        ...dm,
        user: userPayload(user),
        app_permissions: BOT_PERMISSIONS.toString(),
        locale: "en-US",
        entitlements: [],
        authorizing_integration_owners: { "1": user.id },
        context: 1,
        type: 2,
        data: { id: snowflake(), name, type: 1, options },
      });
      return { id: dm.id, token: dm.token };
    },
    button(customId, messageId, user, permissions = DEFAULT_MEMBER_PERMISSIONS, appPermissions = BOT_PERMISSIONS) {
      const base = interactionBase(user, permissions, appPermissions);
      const message = messages.get(messageId);
      if (!message) throw new Error(`no message ${messageId}`);
      dispatch("INTERACTION_CREATE", { ...base, type: 3, message, data: { custom_id: customId, component_type: 2 } });
      return { id: base.id, token: base.token };
    },
    message(content, author, mentionBot, where = {}) {
      const id = snowflake();
      const channelId = where.channelId ?? IDS.channel;
      const reply =
        where.replyTo === undefined
          ? {}
          : {
              type: 19,
              message_reference: { type: 0, message_id: where.replyTo, channel_id: channelId, guild_id: IDS.guild },
              referenced_message: messages.get(where.replyTo) ?? null,
            };
      dispatch("MESSAGE_CREATE", {
        id,
        channel_id: channelId,
        guild_id: IDS.guild,
        author: userPayload(author),
        member: { roles: [], joined_at: "2025-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
        content,
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: mentionBot
          ? [{ ...botUser, member: { roles: [], joined_at: "2025-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 } }]
          : [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        type: 0,
        ...reply,
      });
      return id;
    },
    seedMessage(channelId, body, author) {
      return makeMessage(channelId, body, author ? { author: userPayload(author) } : {}).id;
    },
    pin(messageId, pinnedAt = new Date()) {
      const message = messages.get(messageId);
      if (!message) throw new Error(`no message ${messageId}`);
      pinMessage(message.channel_id, messageId, pinnedAt.toISOString());
    },
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching request within ${timeoutMs} ms; got:\n${requests.map((r) => `${r.method} ${r.path}`).join("\n")}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      gateway.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return fake;
}
