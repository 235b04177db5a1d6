import "server-only";
import type { RichParams } from "@/lib/chat-protocol/tools";
import { JoustError } from "@/lib/errors";
import { capabilitiesOf, type Capability, type ImageOptions } from "@/lib/providers/capabilities";
import { getConfig } from "@/lib/providers/config";
import type { ProviderKind } from "@/lib/providers/types";

const NAMES: Record<Capability, string> = {
  tools: "tool calls",
  json_schema: "structured output",
  logprobs: "log-probabilities",
  vision: "image input",
  embeddings: "embeddings",
};

/** The capability a field needs, and the field as the client named it (for the 400's `param`). */
export function needsOf(rich: RichParams): Array<[Capability, string]> {
  const needs: Array<[Capability, string]> = [];
  if (rich.tools) needs.push(["tools", "tools"]);
  if (rich.response_format) needs.push(["json_schema", "response_format"]);
  if (rich.logprobs) needs.push(["logprobs", "logprobs"]);
  rich.messages?.forEach((m, i) => {
    if (m.role === "tool") needs.push(["tools", `messages[${i}].tool_call_id`]);
    if (m.role === "assistant" && m.tool_calls) needs.push(["tools", `messages[${i}].tool_calls`]);
    if (m.role === "user" && Array.isArray(m.content))
      m.content.forEach((p, j) => {
        if (p.type === "image_url") needs.push(["vision", `messages[${i}].content[${j}].image_url`]);
      });
  });
  return needs;
}

/**
 * Refuses (400 `unsupported_parameter` naming the field) what the model's capabilities do not cover,
 * and checks image parts against the `images` settings. An unknown or unavailable model passes here
 * and gets its own error when the request is served.
 */
export function requireCapability(model: string, cap: Capability, param: string): void {
  const m = getConfig().models.find((x) => x.name === model);
  if (!m?.entry) return;
  if (!capabilitiesOf(m.provider, m.entry.capabilities).has(cap))
    throw new JoustError("unsupported:api", `The model '${model}' does not support ${NAMES[cap]} ('${param}').`, {
      param,
    });
}

/** A configured model's capabilities (declared or the provider's defaults); none for an unknown name. */
export function modelCapabilities(model: string): Capability[] {
  const m = getConfig().models.find((x) => x.name === model);
  return m ? [...capabilitiesOf(m.provider, m.entry?.capabilities)] : [];
}

export function checkCapabilities(model: string, rich: RichParams): void {
  for (const [cap, param] of needsOf(rich)) requireCapability(model, cap, param);
  const m = getConfig().models.find((x) => x.name === model);
  if (m && rich.messages) checkImages(rich, m.provider, getConfig().images);
}

const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/]*={0,2})$/;

/** A data URL's media type and base64 payload, or undefined when it is not an image data URL. */
export function parseImageDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const m = DATA_URL.exec(url);
  return m ? { mediaType: m[1], data: m[2] } : undefined;
}

/**
 * Image parts: data URLs (png, jpeg, gif, webp) up to `maxImageBytes` decoded; http(s) URLs only
 * when the operator allows remote URLs and the upstream fetches them itself (never Gemini). The
 * server never fetches an image.
 */
function checkImages(rich: RichParams, provider: ProviderKind, opts: ImageOptions): void {
  let count = 0;
  rich.messages?.forEach((m, i) => {
    if (m.role !== "user" || !Array.isArray(m.content)) return;
    m.content.forEach((p, j) => {
      if (p.type !== "image_url") return;
      const param = `messages[${i}].content[${j}].image_url.url`;
      if (++count > opts.maxImages)
        throw new JoustError("bad_request:api", `Too many images: at most ${opts.maxImages} per request.`, { param });
      const url = p.image_url.url;
      if (/^https?:\/\//i.test(url)) {
        if (!opts.allowRemoteUrls || provider === "gemini")
          throw new JoustError(
            "unsupported:api",
            "Image URLs are not accepted here: send the image as a data URL (data:image/png;base64,…).",
            { param },
          );
        return;
      }
      const data = parseImageDataUrl(url);
      if (!data)
        throw new JoustError(
          "bad_request:api",
          "An image must be a base64 data URL of a PNG, JPEG, GIF or WebP image.",
          { param },
        );
      const bytes = Math.floor((data.data.length * 3) / 4);
      if (bytes > opts.maxImageBytes)
        throw new JoustError(
          "payload_too_large:api",
          `The image is too large: ${bytes} bytes (at most ${opts.maxImageBytes}).`,
          { param },
        );
    });
  });
}
