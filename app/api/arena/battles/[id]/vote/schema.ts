import { voteSubmissionSchema } from "@/lib/arena/server/schemas";

/** The battle id comes from the URL; a body `battleId`, when present, must match it. */
export const singleVoteSchema = voteSubmissionSchema.partial({ battleId: true });

export const MAX_SINGLE_VOTE_BYTES = 2 * 1024 * 1024;
