import { z } from "zod";
import { voteSubmissionSchema } from "@/lib/arena/server/schemas";
import { MAX_VOTES_PER_BATCH } from "@/lib/arena/server/limits";

export const voteBatchSchema = z.object({
  votes: z.array(voteSubmissionSchema).min(1).max(MAX_VOTES_PER_BATCH),
});

/** A batch of 50 votes with long conversations fits; anything bigger is refused before parsing. */
export const MAX_VOTE_BODY_BYTES = 8 * 1024 * 1024;
