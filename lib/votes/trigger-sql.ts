/** SQL builders for the statement-level triggers that keep the leaderboard's compact tables in step. */

/** A PL/pgSQL trigger function running `body` (statements ending in `;`), returning NULL. */
export const triggerFunction = (name: string, body: string) => `
CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN${body}
  RETURN NULL;
END
$$`;

/** (Re)creates an AFTER … FOR EACH STATEMENT trigger on `table` with transition tables `tables`. */
export const statementTrigger = (table: string, name: string, event: string, tables: string, func: string) => [
  `DROP TRIGGER IF EXISTS ${name} ON ${table}`,
  `CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${tables}
     FOR EACH STATEMENT EXECUTE FUNCTION ${func}()`,
];
