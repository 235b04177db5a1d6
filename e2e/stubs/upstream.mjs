// PLACEHOLDER — replaced by the provider work with stubs speaking each provider's wire format.
import { createServer } from "node:http";
const port = Number(process.env.STUB_PORT ?? 4010);
createServer((req, res) => { res.writeHead(404); res.end(); }).listen(port, "127.0.0.1");
