/** Batch limits shared by the vote service and the route schemas. */
export const MAX_VOTES_PER_BATCH = 50;
