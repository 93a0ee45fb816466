/**
 * The pinned messages of a channel, newest pin first, read page by page through discord.js
 * (`GET /channels/{id}/messages/pins`, 50 a page) and bounded: a channel holds at most 250 pins,
 * and a server that keeps listing more, or lists nothing new, is not followed further.
 */
import type { Message, MessageManager } from "discord.js";

/** Discord's cap on pins per channel. */
export const MAX_PINS = 250;
/** The largest page Discord serves. */
const PAGE_SIZE = 50;
/** Requests at most: five full pages make 250; the rest is room for short pages. */
const MAX_PAGES = 10;

export interface PinList {
  messages: Message[];
  /** More pins were listed than read: past 250, past MAX_PAGES, or a page that did not move on. */
  incomplete: boolean;
}

/** Reads up to `max` pinned messages, one page after another (discord.js queues each request under Discord's rate limits). */
export async function listPins(manager: Pick<MessageManager, "fetchPins">, max = MAX_PINS): Promise<PinList> {
  const messages: Message[] = [];
  const seen = new Set<string>();
  let before: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await manager.fetchPins({ limit: PAGE_SIZE, cache: false, ...(before === undefined ? {} : { before }) });
    let added = 0;
    for (const item of response.items) {
      if (seen.has(item.message.id)) continue;
      if (messages.length >= max) return { messages, incomplete: true };
      seen.add(item.message.id);
      messages.push(item.message);
      added++;
    }
    const last = response.items.at(-1)?.pinnedTimestamp;
    if (!response.hasMore) return { messages, incomplete: false };
    // A page that adds nothing, or a cursor that does not go back in time, would repeat forever.
    if (added === 0 || last === undefined || !Number.isFinite(last) || (before !== undefined && last >= before))
      return { messages, incomplete: true };
    before = last;
  }
  return { messages, incomplete: true };
}
