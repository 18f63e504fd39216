import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderConfigReference } from "../config/config-reference";

writeFileSync(resolve(__dirname, "../docs/config-reference.md"), renderConfigReference());
