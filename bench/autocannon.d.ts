/** The part of autocannon's API bench/server.ts uses (the package ships no types). */
declare module 'autocannon' {
  interface Options { url: string; connections: number; duration: number; headers?: Record<string, string>; requests?: Array<{ method: string; path: string }> }
  interface Result { latency: { p50: number; p99: number }; requests: { average: number; total: number }; non2xx: number; errors: number }
  export default function autocannon(opts: Options): Promise<Result>;
}
