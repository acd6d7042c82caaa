// Splits each line of a file into search terms with the theme's search.js, as the browser does
// with a query, and prints them as JSON lines, for tests/search.rs to compare with the index's.
//
//   node terms.mjs TEXT_FILE STEMMED(0|1)
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const [file, stemmed] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const search = require("../../theme/assets/search.js");
const text = await readFile(file, "utf8");
const out = text.split("\n").map((line) => JSON.stringify(search.terms(line, stemmed === "1")));
process.stdout.write(out.join("\n"));
