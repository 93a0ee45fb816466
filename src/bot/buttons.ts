/**
 * The buttons under an answer: "More sources" (an ephemeral list of the next passages) and
 * "Pin" (for members allowed to pin messages).
 */
import { DiscordAPIError, MessageFlags, PermissionFlagsBits, Routes, type ButtonInteraction } from "discord.js";
import { describeError } from "../errors.js";
import type { BotContext } from "./context.js";
import { BUTTON_IDS, NO_MENTIONS, renderMorePassages } from "./render.js";

/** Discord's error for a channel that already has the maximum of 250 pinned messages. */
const MAX_PINS_REACHED = 30003;
const MISSING_PERMISSIONS = 50013;

async function tell(interaction: ButtonInteraction, content: string): Promise<void> {
  const payload = { content, allowedMentions: NO_MENTIONS };
  if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

async function moreSources(interaction: ButtonInteraction, ctx: BotContext, key: string): Promise<void> {
  const answer = ctx.recent.get(key);
  await tell(
    interaction,
    answer ? renderMorePassages(answer) : "This answer is no longer in my memory; ask the question again to see more sources.",
  );
}

async function pin(interaction: ButtonInteraction): Promise<void> {
  // Since 2025 pinning has its own permission (Pin Messages, 1 << 51); Manage Messages alone no longer allows it.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.PinMessages)) {
    await tell(interaction, "Only members with the **Pin Messages** permission can pin answers.");
    return;
  }
  if (interaction.appPermissions && !interaction.appPermissions.has(PermissionFlagsBits.PinMessages)) {
    await tell(interaction, "I don't have the **Pin Messages** permission in this channel, so I can't pin. A server admin can grant it.");
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    await interaction.client.rest.put(Routes.channelMessagesPin(interaction.channelId, interaction.message.id), {
      reason: `Pinned by ${interaction.user.id} through Citebot`,
    });
    await tell(interaction, "Pinned.");
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === MAX_PINS_REACHED) {
      await tell(
        interaction,
        "This channel already has 250 pinned messages, Discord's limit. Unpin an older message, then press Pin again.",
      );
    } else if (error instanceof DiscordAPIError && error.code === MISSING_PERMISSIONS) {
      await tell(
        interaction,
        "Discord refused: I'm missing a permission to pin in this channel (Pin Messages, and View Channel / Read Message History).",
      );
    } else {
      await tell(interaction, `Could not pin: ${describeError(error)}`);
    }
  }
}

/** Routes a button press by its custom id; returns false for buttons that are not ours. */
export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<boolean> {
  const id = interaction.customId;
  if (id === BUTTON_IDS.pin) {
    await pin(interaction);
    return true;
  }
  if (id.startsWith(`${BUTTON_IDS.more}:`)) {
    await moreSources(interaction, ctx, id.slice(BUTTON_IDS.more.length + 1));
    return true;
  }
  return false;
}
