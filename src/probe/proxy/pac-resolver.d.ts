// pac-resolver ships its types behind package.json `exports`, which this project's moduleResolution does not read.
declare module 'pac-resolver' {
  import type { QuickJS } from 'quickjs-wasi';
  export function createPacResolver(
    qjs: QuickJS,
    str: string,
    opts?: { sandbox?: Record<string, (...args: never[]) => unknown> },
  ): (url: string, host?: string) => Promise<string>;
}
