import { JoustDB } from "./client-db";

/** The browser database singleton. */
export const db = new JoustDB();
