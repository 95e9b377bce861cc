/**
 * `npm run bench`: every benchmark, each printed as ratios against a baseline measured in the same run.
 * `BENCH_SCALE=0.2 npm run bench` for a quick pass.
 */
import * as Cpu from "./cpu.js"
import * as Decoding from "./decoding.js"
import * as RateLimit from "./ratelimit.js"
import * as Requests from "./requests.js"
import * as Signing from "./signing.js"
import * as Startup from "./startup.js"
import * as Walk from "./walk.js"
import * as WebSocket from "./websocket.js"

const scale = Number(process.env.BENCH_SCALE ?? "1")
const calls = (n: number) => Math.max(20, Math.round(n * scale))

console.log("effect-kalshi benchmarks (ratios are SDK / baseline; lower is better)")
Startup.run(Math.max(3, Math.round(15 * scale)))
await Cpu.run(calls(3000))
await Signing.run(calls(2000))
await Requests.run(calls(500), calls(2000))
Decoding.run(calls(200))
await Walk.run(Math.max(5, Math.round(100 * scale)))
await RateLimit.run(calls(2000))
await WebSocket.run(calls(200_000), calls(200))
